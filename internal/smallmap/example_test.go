package smallmap_test

import (
	"fmt"

	"github.com/svcsim/svcsim/internal/smallmap"
)

func Example() {
	var nodes smallmap.Map[string, int32] // ready to use
	nodes.Set("node-1", 0)
	nodes.Set("node-2", 1)
	if id, ok := nodes.Get("node-2"); ok {
		fmt.Println("node-2 is", id)
	}
	fmt.Println("node-3 is", nodes.Value("node-3"), "(absent)")
	nodes.Delete("node-1")
	fmt.Println(nodes.Len(), "node")
	// Output:
	// node-2 is 1
	// node-3 is 0 (absent)
	// 1 node
}
