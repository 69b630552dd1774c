package sim

import "net/netip"

// SRV is one DNS SRV record.
type SRV struct {
	Target                 string // FQDN, no trailing dot
	Port, Priority, Weight uint16
}

// Resolve resolves name as a pod in namespace would.
func (c *Cluster) Resolve(namespace, name string) ([]netip.Addr, error) {
	return nil, errNotImplemented
}

// LookupCNAME returns the canonical name of name as seen from namespace.
func (c *Cluster) LookupCNAME(namespace, name string) (string, error) {
	return "", errNotImplemented
}

// LookupSRV looks up SRV records (name like "_http._tcp.web").
func (c *Cluster) LookupSRV(namespace, name string) ([]SRV, error) {
	return nil, errNotImplemented
}
