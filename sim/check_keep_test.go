package sim

import "testing"

// Check keeps its copies' storage for a small cluster only, emptied.
func TestCheckKeepsSmallStorage(t *testing.T) {
	small := smallCluster(t)
	must(t, small.Check())
	if cap(small.chk.pods) == 0 || len(small.chk.pods) != 0 || cap(small.chk.svcs) == 0 || len(small.chk.svcs) != 0 {
		t.Errorf("small cluster: pods %d/%d, services %d/%d kept, want storage kept empty",
			len(small.chk.pods), cap(small.chk.pods), len(small.chk.svcs), cap(small.chk.svcs))
	}
	if p := small.chk.pods[:1][0]; p.Name != "" || p.Labels != nil {
		t.Errorf("small cluster: kept storage still holds pod %q", p.Name)
	}
	large := rolloutCluster(t, 20, 15, 3, -1, false, false) // 300 pods and the coredns pods
	must(t, large.Check())
	if large.chk.pods != nil {
		t.Errorf("%d pods: storage for %d kept between Checks", large.store.Len(), cap(large.chk.pods))
	}
}
