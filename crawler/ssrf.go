package crawler

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// ErrBlockedAddress is returned when a connection to a private, loopback,
// link-local or otherwise non-public address is refused.
var ErrBlockedAddress = errors.New("address not allowed (private, loopback or link-local; use --allow-private)")

// addrGuard decides at dial time which addresses may be connected to. It
// runs in net.Dialer.Control, after DNS resolution and before connect(2),
// so redirects and hostnames that resolve to private addresses are covered
// and no packet reaches a refused address.
type addrGuard struct {
	allowPrivate bool
	allow        map[netip.AddrPort]bool
}

func newAddrGuard(allowPrivate bool, addrs []string) (*addrGuard, error) {
	g := &addrGuard{allowPrivate: allowPrivate, allow: map[netip.AddrPort]bool{}}
	for _, a := range addrs {
		ap, err := netip.ParseAddrPort(a)
		if err != nil {
			return nil, fmt.Errorf("allow address %q: want ip:port: %w", a, err)
		}
		g.allow[normAddrPort(ap)] = true
	}
	return g, nil
}

func normAddrPort(ap netip.AddrPort) netip.AddrPort {
	return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
}

// control is a net.Dialer.Control function.
func (g *addrGuard) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, ErrBlockedAddress)
	}
	if err := g.check(ap); err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	return nil
}

func (g *addrGuard) check(ap netip.AddrPort) error {
	ap = normAddrPort(ap)
	if g.allowPrivate || g.allow[ap] || publicAddr(ap.Addr()) {
		return nil
	}
	return ErrBlockedAddress
}

// shared address space (RFC 6598) and other ranges not covered by netip.
var extraBlocked = []netip.Prefix{
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("64:ff9b::/96"),
}

// publicAddr reports whether a is a globally routable unicast address.
func publicAddr(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() ||
		a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast() || a.IsMulticast() ||
		a.IsUnspecified() {
		return false
	}
	for _, p := range extraBlocked {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// newDialer returns a dialer that enforces g.
func newDialer(g *addrGuard) *net.Dialer {
	return &net.Dialer{Control: g.control}
}
