package io.bulwark.bench;

import io.bulwark.demo.DemoEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * nginx as a plain TLS reverse proxy in front of the same mTLS upstream, the reference for what
 * any proxy costs on this machine: TLS 1.2/1.3 in, mTLS with keep-alive out, no policy at all.
 */
final class Nginx {

    private Nginx() {
    }

    static ServerProcess start(Path dir, int port, DemoEnvironment environment, int upstreamPort) throws Exception {
        Path tls = environment.dataDir().resolve("tls");
        Path conf = dir.resolve("nginx.conf");
        Files.createDirectories(dir.resolve("nginx-tmp"));
        Files.writeString(conf, """
                daemon off;
                master_process on;
                worker_processes %1$d;
                pid %2$s/nginx.pid;
                error_log %2$s/nginx-error.log warn;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  client_body_temp_path %2$s/nginx-tmp; proxy_temp_path %2$s/nginx-tmp;
                  fastcgi_temp_path %2$s/nginx-tmp; uwsgi_temp_path %2$s/nginx-tmp; scgi_temp_path %2$s/nginx-tmp;
                  upstream bank { server 127.0.0.1:%3$d; keepalive 64; }
                  server {
                    listen 127.0.0.1:%4$d ssl;
                    ssl_protocols TLSv1.2 TLSv1.3;
                    ssl_certificate %5$s/gateway.pem;
                    ssl_certificate_key %5$s/gateway.key;
                    location /bank/v1/ {
                      proxy_pass https://bank/;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_ssl_certificate %5$s/gateway-upstream-client.pem;
                      proxy_ssl_certificate_key %5$s/gateway-upstream-client.key;
                      proxy_ssl_trusted_certificate %5$s/ca.pem;
                      proxy_ssl_verify on;
                      proxy_ssl_name localhost;
                      proxy_ssl_session_reuse on;
                    }
                  }
                }
                """.formatted(Runtime.getRuntime().availableProcessors(), dir, upstreamPort, port, tls));
        ServerProcess nginx = ServerProcess.start(List.of("nginx", "-c", conf.toString(), "-p", dir.toString()),
                dir.resolve("nginx.log"), "");
        waitForPort(port);
        return nginx;
    }

    /** CPU seconds of the nginx master and all its workers. */
    static double cpuSeconds(ServerProcess master) throws IOException {
        long pid = Long.parseLong(Files.readString(master.log().resolveSibling("nginx.pid")).trim());
        double total = ServerProcess.cpuSecondsOf(pid);
        try (var children = ProcessHandle.of(pid).orElseThrow().children()) {
            for (ProcessHandle child : children.toList()) {
                total += ServerProcess.cpuSecondsOf(child.pid());
            }
        }
        return total;
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nginx did not listen on " + port);
    }
}
