package dev.agora.common.outbound;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Refuses outgoing requests to addresses that are not public: loopback, private (RFC 1918, carrier-grade NAT),
 * link-local (169.254.0.0/16 with the cloud metadata endpoint, fe80::/10), unique-local (fc00::/7), unspecified,
 * multicast and reserved (0.0.0.0/8, 192.0.0.0/24, 240.0.0.0/4), judged on every address the host name resolves to;
 * unless the host or the address is on the allow-list ({@code agora.outbound.allowed-hosts}: host names, IP addresses
 * or CIDR ranges). The caller connects to the address returned, so a second DNS answer cannot swap it.
 */
public final class UrlGuard {
    private final Vertx vertx;
    private final List<String> allowedNames = new ArrayList<>();
    private final List<Cidr> allowedRanges = new ArrayList<>();

    public UrlGuard(Vertx vertx, List<String> allowList) {
        this.vertx = vertx;
        for (String entry : allowList) {
            String value = entry.strip();
            if (value.isEmpty()) {
                continue;
            }
            Cidr cidr = Cidr.parse(value);
            if (cidr != null) {
                allowedRanges.add(cidr);
            } else {
                allowedNames.add(value.toLowerCase(Locale.ROOT));
            }
        }
    }

    /** Thrown (as a failed future) for a destination that is refused: a final failure, never retried. */
    public static final class RefusedDestination extends RuntimeException {
        public RefusedDestination(String message) {
            super(message, null, false, false);
        }
    }

    /** The address to connect to for {@code uri}, or a failed future with {@link RefusedDestination}. */
    public Future<InetAddress> resolve(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!(scheme.equals("http") || scheme.equals("https")) || host == null) {
            return Future.failedFuture(new RefusedDestination("only absolute http(s) URLs are called"));
        }
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return vertx.executeBlocking(() -> InetAddress.getAllByName(name), false).compose(addresses -> {
            boolean nameAllowed = allowedNames.contains(name.toLowerCase(Locale.ROOT));
            for (InetAddress address : addresses) {
                if (!nameAllowed && !isPublic(address) && allowedRanges.stream().noneMatch(r -> r.contains(address))) {
                    return Future.failedFuture(new RefusedDestination("destination " + name + " resolves to "
                            + address.getHostAddress() + ", which is not a public address"));
                }
            }
            return Future.succeededFuture(addresses[0]);
        }, failure -> Future.failedFuture(failure instanceof UnknownHostException
                ? new UnknownHostException("cannot resolve " + name) : failure));
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) != 0xfc; // unique-local fc00::/7
        }
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return first != 0 && !(first == 100 && second >= 64 && second <= 127) // 0.0.0.0/8, carrier-grade NAT
                && !(first == 192 && second == 0 && (bytes[2] & 0xff) == 0) && first < 240; // IETF, reserved
    }

    /** An IP address or a CIDR range of the allow-list. */
    record Cidr(BigInteger network, int bits, int length) {
        /** The range, {@code null} for a host name; throws for a malformed address or prefix length. */
        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            if (!parts[0].matches("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*")) {
                return null;
            }
            try {
                byte[] bytes = InetAddress.getByName(parts[0]).getAddress();
                int length = bytes.length * 8;
                int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : length;
                if (bits < 0 || bits > length) {
                    throw new NumberFormatException("prefix length " + bits);
                }
                return new Cidr(new BigInteger(1, bytes).shiftRight(length - bits), bits, length);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalStateException(OutboundConfig.ALLOWED_HOSTS + ": bad entry " + text, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            return bytes.length * 8 == length && new BigInteger(1, bytes).shiftRight(length - bits).equals(network);
        }

        /** Whether the two ranges share an address. */
        boolean overlaps(Cidr other) {
            if (length != other.length) {
                return false;
            }
            int common = Math.min(bits, other.bits);
            return network.shiftRight(bits - common).equals(other.network.shiftRight(other.bits - common));
        }
    }
}
