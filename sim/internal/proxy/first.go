package proxy

// The storage a table starts with, inside its own record: a small
// cluster's table then costs one allocation for its nodes, ports,
// endpoint lists and sort keys, not one for each of them.

// firstBlocks holds the first blocks New hands out: the tables by node
// (when the cluster has at most firstNodes nodes), the ports of the first
// Services Program installs, their first endpoint lists, and Program's
// sort keys. A table that outgrows a block moves to a larger one on the
// heap, as append does; a port or list the block has no room left for
// gets an allocation of its own (take). A Table is never copied, so no
// other value shares them.
type firstBlocks struct {
	nodeByID   [1 + firstNodes]*node
	nodeRecs   [firstNodes]node
	readyNodes [firstNodes]*node
	ports      [firstPorts]svcPort
	recs       [firstRecs]rec
	keys       [4]skey // the endpoints of a list of up to 4 (usableKeys' first room)
}

// The sizes of the first blocks: the default 3 nodes; the cluster's own
// Services' 4 ports (kubernetes' https, kube-dns's dns, dns-tcp and
// metrics) and a user Service's port; their endpoints (the API server,
// kube-dns's 2 replicas on each of its 3 ports, and a 3-replica
// Deployment). The table's record is then 2 KB, a size class as full as
// the allocations it replaces were.
const (
	firstNodes = 3
	firstPorts = 5
	firstRecs  = 10
)

// take returns n zero elements of *room, which it moves past them, or n
// of their own when fewer are left: room is the rest of a first block.
// The elements handed out are never taken back, so a block holds only
// what its first users held (Program clears the ports it drops, which
// may refer to large endpoint lists).
func take[T any](room *[]T, n int) []T {
	if n > len(*room) {
		return make([]T, n)
	}
	s := (*room)[:n:n]
	*room = (*room)[n:]
	return s
}
