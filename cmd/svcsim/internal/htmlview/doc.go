// Package htmlview records a scenario run on a *sim.Cluster and writes it
// as one self-contained, interactive HTML page: every pod's IP over
// virtual time under the Service's unbroken front end (its ClusterIP line
// on top), the scenario's commands as numbered markers, connections'
// outcomes as dots (landed) and crosses (failed), and a cursor, moved with
// the mouse or the keyboard (arrow keys, Page Up/Down, Home, End), showing
// at that instant the pods (name, IP, node, phase, ready), the Endpoints
// of each Service, the nodes, and kube-proxy's programmed view (which
// backends each Service port's rules send to, and on which node for a
// Local traffic policy). Beyond 40 pods, pods whose lives do not overlap
// share a row (labelled with its pod at the cursor), so the picture is as
// tall as the most pods alive at once.
//
//	r, err := htmlview.New(c, htmlview.Options{Title: "rolling update"})
//	r.Mark("kubectl rollout restart deployment/web") // before each command
//	conn, err := c.Connect(sim.FromPod("default", "client"), "web:80")
//	r.Conn("web:80", conn, err)
//	err = r.Write(f)
//
// The recorder follows the cluster through its public watch (sim.Watch,
// with sim.WatchProxy for kube-proxy's rules), so it sees every change at
// the virtual instant it was made, draws no random number and leaves the
// cluster's trace alone. The kube-system namespace (the DNS add-on) is
// left out.
//
// # Size
//
// The page holds the state before its first instant and, after it, only
// the changes (deltas): an object is stored again only when a field the
// page shows changes. Changes, markers and connections are JSON-encoded as
// they are recorded and their bytes counted; when they pass
// Options.MaxBytes (default DefaultMaxBytes, 4 MiB) the oldest instants
// are folded into the starting state (their markers and connections
// dropped) until a quarter of the budget is free, and the page says from
// which instant its history starts. The page is thus at most MaxBytes plus
// one copy of the objects alive at its first instant plus its fixed code
// (about 20 KB); the recorder's memory is bounded the same way.
// Connections at one instant with the same target and outcome are stored
// once, with a count.
//
// The output depends only on what was recorded: the same scenario writes
// the same bytes. No part of the page is fetched from the network.
//
// A Recorder is not safe for concurrent use.
package htmlview
