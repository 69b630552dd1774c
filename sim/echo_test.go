package sim

import (
	"errors"
	"strings"
	"testing"
)

// Sim's own validation never echoes a huge user value.
func TestHugeValuesNotEchoed(t *testing.T) {
	huge := strings.Repeat("a", 1<<20)
	c := mustNew(t, Config{Seed: 1})
	for name, d := range map[string]Deployment{
		"name":      webDeploymentNamed(huge, 1),
		"namespace": {Namespace: huge, Name: "web", Replicas: 1, Labels: webDeployment(1, 0).Labels},
	} {
		err := c.CreateDeployment(d)
		if !errors.Is(err, ErrInvalid) || len(err.Error()) > 1000 {
			t.Errorf("huge %s: %d-byte error %.200q", name, len(err.Error()), err)
		}
	}
}
