package main

import (
	"github.com/svcsim/svcsim/cmd/svcsim/internal/shell"
	"github.com/svcsim/svcsim/kube"
	"github.com/svcsim/svcsim/sim"
)

// plugKube gives a session kubectl apply (kube.ApplyReport: all or
// nothing, a line per object as kubectl prints it, warnings first) and
// -o yaml (kube.GetYAML).
func plugKube(s *shell.Session) {
	s.Apply = func(c *sim.Cluster, manifest []byte) ([]string, error) {
		applied, warnings, err := kube.ApplyReport(c, manifest)
		lines := warnings
		for _, a := range applied {
			lines = append(lines, a.String())
		}
		return lines, err
	}
	s.YAML = kube.GetYAML
}
