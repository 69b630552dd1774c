package sim

// Service records and the per-namespace selector index that finds a pod's
// Services.

import (
	"fmt"
	"net/netip"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/internal/smallmap"
	"github.com/svcsim/svcsim/ipam"
	"github.com/svcsim/svcsim/service"
)

// svcRec is a stored Service.
type svcRec struct {
	svc       *service.Service // immutable: replaced, never changed, on update
	ns        int32
	lbQueued  bool         // in lbPending (beside ns)
	createdIP netip.Addr   // ClusterIP at creation or at the last change to/from ExternalName
	lastReady []netip.Addr // ready addresses at the last EndpointsUpdated event (trace only); in lastRoom while they fit
	// lastRoom holds lastReady while a Service has up to 3 ready
	// addresses (the cluster's own Services, a small Deployment's 3
	// replicas), so that tracing them costs no allocation; more move to
	// the heap. 3 fit in the record's size class as 2 do (576 bytes).
	lastRoom [3]netip.Addr
	// created is the Service as created, where svc points until an update
	// replaces it: the record and its first Service are one allocation.
	created service.Service
}

// svcMarks are the flags of a service key id.
type svcMarks struct {
	epPending bool // an endpoints sync is queued
	proxy     bool // in proxyDirty
	gone      bool // in svcGone
}

// svcState holds the Services, their allocators and their indexes.
type svcState struct {
	svcKeys     []endpoints.ServiceKey
	svcKeyID    smallmap.Map[endpoints.ServiceKey, int32]
	svcs        []*svcRec  // by key id; nil when the Service does not exist
	marks       []svcMarks // by key id
	svcGone     []int32    // key ids of deleted Services whose syncs may still be queued
	keyFree     []int32    // key ids free for reuse
	svcIPs      *ipam.Allocator
	svcIPs2     *ipam.Allocator    // the secondary family's; nil on a single-stack cluster
	families    []service.IPFamily // the primary first; in firstFamilies
	nodePorts   *ipam.PortAllocator
	lbRange     netip.Prefix // Config.LoadBalancerPool
	byClusterIP smallmap.Map[netip.Addr, int32]
	env         envState
	envSeq      uint32
	goneCheck   bool // a sync ran that may let svcGone ids go
	// The first blocks of the tables by id, inside the state (and so the
	// Cluster): room for the cluster's own Services (default/kubernetes,
	// kube-dns) and a few more at no allocation of their own. A table
	// that outgrows its block moves to the heap, as append does.
	firstKeys  [firstSvcBlock]endpoints.ServiceKey
	firstSvcs  [firstSvcBlock]*svcRec
	firstMarks [firstSvcBlock]svcMarks
	// firstFamilies holds families: one or two, it never grows.
	firstFamilies [2]service.IPFamily
}

// firstSvcBlock is the number of Services the first blocks of the tables by
// key id hold.
const firstSvcBlock = 4

// init makes the Service state of cfg around the address allocators
// validate built (rg), its node ports drawn from portSeed.
func (s *svcState) init(cfg *Config, rg ranges, portSeed uint64) error {
	var err error
	s.svcIPs, s.svcIPs2, s.lbRange = rg.svcIPs, rg.svcIPs2, cfg.LoadBalancerPool
	s.families = cfg.appendFamilies(s.firstFamilies[:0])
	if s.nodePorts, err = ipam.NewPorts(cfg.NodePortRange[0], cfg.NodePortRange[1], ipam.WithSeed(portSeed)); err != nil {
		return configError("nodePortRange", fmt.Sprint(cfg.NodePortRange), err.Error())
	}
	s.svcKeys, s.svcs, s.marks = s.firstKeys[:0], s.firstSvcs[:0], s.firstMarks[:0]
	return nil
}

// keyID interns a service key.
func (s *svcState) keyID(k endpoints.ServiceKey) int32 {
	if id, ok := s.svcKeyID.Get(k); ok {
		return id
	}
	if n := len(s.keyFree); n > 0 {
		id := s.keyFree[n-1]
		s.keyFree = s.keyFree[:n-1]
		s.svcKeys[id] = k
		s.svcKeyID.Set(k, id)
		return id
	}
	id := int32(len(s.svcKeys))
	s.svcKeys = append(s.svcKeys, k)
	s.svcKeyID.Set(k, id)
	s.svcs = append(s.svcs, nil)
	s.marks = append(s.marks, svcMarks{})
	return id
}

// noteGone remembers the key id of a Service that no longer exists: it is
// freed once no endpoints or kube-proxy sync of it is queued
// (releaseGone).
func (s *svcState) noteGone(id int32) {
	if s.svcs[id] == nil && !s.marks[id].gone {
		s.marks[id].gone = true
		s.svcGone = append(s.svcGone, id)
	}
}

// releaseGone frees the key ids of deleted Services that nothing queued
// refers to any more (a Service re-created under the key keeps it).
func (s *svcState) releaseGone() {
	s.goneCheck = false
	keep := s.svcGone[:0]
	for _, id := range s.svcGone {
		switch {
		case s.svcs[id] != nil:
			s.marks[id].gone = false
		case s.marks[id].epPending || s.marks[id].proxy:
			keep = append(keep, id)
		default:
			s.marks[id].gone = false
			s.svcKeyID.Delete(s.svcKeys[id])
			s.svcKeys[id] = endpoints.ServiceKey{}
			s.keyFree = append(s.keyFree, id)
		}
	}
	s.svcGone = keep
}

func (s *svcState) lookupSvc(ns, name string) (int32, *svcRec) {
	id, ok := s.svcKeyID.Get(endpoints.ServiceKey{Namespace: ns, Name: name})
	if !ok || s.svcs[id] == nil {
		return -1, nil
	}
	return id, s.svcs[id]
}

// appendServices appends every Service (shared, read only) to dst, for
// Check.
func (c *Cluster) appendServices(dst []service.Service) []service.Service {
	for _, r := range c.svcs {
		if r != nil {
			dst = append(dst, *r.svc)
		}
	}
	return dst
}

func (c *Cluster) index(id int32, h held, add bool) {
	for _, ip := range h.clusterIPs {
		if add {
			c.byClusterIP.Set(ip, id)
		} else {
			c.byClusterIP.Delete(ip)
		}
	}
	for _, p := range h.nodePorts {
		if add {
			r := c.rareState()
			if r.byNodePort == nil {
				r.byNodePort = map[int32]int32{}
			}
			r.byNodePort[p] = id
		} else {
			delete(c.rare.byNodePort, p) // indexed when added
		}
	}
	if h.lbIP.IsValid() {
		if add {
			c.indexLBIP(h.lbIP, id)
		} else {
			delete(c.rare.byLBIP, h.lbIP) // indexed when added
		}
	}
}

// indexLBIP files Service id under its load-balancer address.
func (c *Cluster) indexLBIP(ip netip.Addr, id int32) {
	r := c.rareState()
	if r.byLBIP == nil {
		r.byLBIP = map[netip.Addr]int32{}
	}
	r.byLBIP[ip] = id
}
