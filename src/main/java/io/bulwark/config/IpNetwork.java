package io.bulwark.config;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network in CIDR notation (RFC 4632 §3.1), such as {@code 10.0.0.0/8}, to decide whether a peer
 * address belongs to it. Addresses are read as literals only, never resolved through DNS.
 *
 * @param network      the network's first address (host bits zero)
 * @param prefixLength how many leading bits a member shares with it
 */
public record IpNetwork(InetAddress network, int prefixLength) {

    public IpNetwork {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " outside 0.." + bits);
        }
    }

    /** {@code a.b.c.d/n} or {@code x::y/n}; a bare address is a network of one. */
    public static IpNetwork parse(String cidr) {
        int slash = cidr.indexOf('/');
        InetAddress address = InetAddress.ofLiteral(slash < 0 ? cidr : cidr.substring(0, slash));
        int bits = address.getAddress().length * 8;
        int prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix length " + prefix + " outside 0.." + bits);
        }
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            if (hostBits(bytes[i], i, prefix) != 0) {
                throw new IllegalArgumentException(cidr + " has host bits set; write the network's first address");
            }
        }
        return new IpNetwork(address, prefix);
    }

    /** Whether the address literal {@code address} is in this network; anything that is not a literal of its family is not. */
    public boolean contains(String address) {
        byte[] candidate;
        try {
            candidate = InetAddress.ofLiteral(address).getAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] own = network.getAddress();
        if (candidate.length != own.length) {
            return false;
        }
        for (int i = 0; i < own.length; i++) {
            if ((candidate[i] & mask(i, prefixLength)) != (own[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private static int hostBits(byte value, int index, int prefix) {
        return value & ~mask(index, prefix) & 0xff;
    }

    private static int mask(int index, int prefix) {
        int covered = Math.clamp(prefix - index * 8L, 0, 8);
        return (0xff << (8 - covered)) & 0xff;
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
