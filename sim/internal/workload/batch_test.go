package workload

import (
	"fmt"
	"slices"
	"testing"
)

func TestSlowStartBatches(t *testing.T) {
	tests := []struct {
		total int
		want  []int
	}{
		{-3, nil},
		{0, nil},
		{1, []int{1}},
		{2, []int{1, 1}},
		{3, []int{1, 2}},
		{10, []int{1, 2, 4, 3}},
		{15, []int{1, 2, 4, 8}},
		{500, []int{1, 2, 4, 8, 16, 32, 64, 128, 245}},
		{10_000, []int{1, 2, 4, 8, 16, 32, 64, 128, 245}}, // burstReplicas cap
	}
	for _, tc := range tests {
		got := SlowStartBatches(tc.total)
		if !slices.Equal(got, tc.want) {
			t.Errorf("SlowStartBatches(%d) = %v, want %v", tc.total, got, tc.want)
		}
		sum := 0
		for _, b := range got {
			sum += b
		}
		if want := max(min(tc.total, BurstReplicas), 0); sum != want {
			t.Errorf("SlowStartBatches(%d) sums to %d, want %d", tc.total, sum, want)
		}
	}
}

func ExampleSlowStartBatches() {
	fmt.Println(SlowStartBatches(20))
	fmt.Println(SlowStartBatches(150_000)) // one sync creates at most 500
	// Output:
	// [1 2 4 8 5]
	// [1 2 4 8 16 32 64 128 245]
}
