package io.bulwark.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A client {@link SSLContext} whose default parameters, engines and sockets speak only the given
 * protocols and cipher suites, and verify the server's host name: the JDK has no per-context setting
 * for this, only process-wide system properties, which would change every other TLS user in the JVM.
 */
final class PolicySslContextSpi extends SSLContextSpi {

    private final SSLContext delegate;
    private final String[] protocols;
    private final String[] cipherSuites;

    private PolicySslContextSpi(SSLContext delegate, List<String> protocols, List<String> cipherSuites) {
        this.delegate = delegate;
        this.protocols = protocols.toArray(String[]::new);
        this.cipherSuites = cipherSuites.toArray(String[]::new);
    }

    /** {@code delegate}, initialized already, restricted to {@code protocols} and {@code cipherSuites}. */
    static SSLContext restrict(SSLContext delegate, List<String> protocols, List<String> cipherSuites) {
        var spi = new PolicySslContextSpi(delegate, protocols, cipherSuites);
        return new SSLContext(spi, delegate.getProvider(), delegate.getProtocol()) {
        };
    }

    @Override
    protected void engineInit(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random) {
        throw new IllegalStateException("this SSLContext is initialized already by TlsPolicy");
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return restrict(delegate.getDefaultSSLParameters());
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return restrict(delegate.getSupportedSSLParameters());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return restrict(delegate.createSSLEngine());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return restrict(delegate.createSSLEngine(host, port));
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return new PolicySocketFactory(delegate.getSocketFactory());
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        throw new UnsupportedOperationException("a TlsPolicy JDK context is for clients only");
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return delegate.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return delegate.getClientSessionContext();
    }

    private SSLParameters restrict(SSLParameters parameters) {
        parameters.setProtocols(protocols.clone());
        parameters.setCipherSuites(cipherSuites.clone());
        // RFC 9110 §4.3.4 / RFC 9525: a client checks that the certificate names the host it dialled.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }

    private SSLEngine restrict(SSLEngine engine) {
        engine.setSSLParameters(restrict(engine.getSSLParameters()));
        return engine;
    }

    private Socket restrict(Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            ssl.setSSLParameters(restrict(ssl.getSSLParameters()));
        }
        return socket;
    }

    /** The delegate's socket factory, with every socket it makes restricted as the engines are. */
    private final class PolicySocketFactory extends SSLSocketFactory {

        private final SSLSocketFactory sockets;

        PolicySocketFactory(SSLSocketFactory sockets) {
            this.sockets = sockets;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return cipherSuites.clone();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return cipherSuites.clone();
        }

        @Override
        public Socket createSocket() throws IOException {
            return restrict(sockets.createSocket());
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return restrict(sockets.createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
            return restrict(sockets.createSocket(socket, consumed, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return restrict(sockets.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return restrict(sockets.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return restrict(sockets.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return restrict(sockets.createSocket(address, port, localAddress, localPort));
        }
    }
}
