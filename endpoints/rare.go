package endpoints

import (
	"net/netip"

	"github.com/svcsim/svcsim/pod"
)

// rareState holds what most controllers seldom or never need: the pod
// records' side tables (addresses that are not IPv4, phases past the
// phase table, hostnames and subdomains) and the free lists of deleted
// Services' states and released port lists. Controller.rare is nil until
// the first of them is written (rareState); a read takes nil for all of
// them empty. Kept apart, it leaves the Controller in the 512-byte size
// class.
type rareState struct {
	ip6     map[podID]netip.Addr // addresses of records that are not IPv4 (ipOther)
	phaseX  map[podID]pod.Phase  // phases of records past the table (phaseOther)
	hosts   map[podID]hostSpec   // hostnames and subdomains of the records that have one
	svcFree []*svcState          // deleted Services' states, for reuse (recycle)
	plFree  []uint32             // ids of released port lists, for reuse
}

// rareState returns the controller's rare state, made on first use.
func (c *Controller) rareState() *rareState {
	if c.rare == nil {
		c.rare = new(rareState)
	}
	return c.rare
}
