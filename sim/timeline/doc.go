// Package timeline draws what a Service hides: a picture of each pod's IP
// over virtual time, with the Service's ClusterIP as one unbroken line
// across it.
//
// A Recorder takes samples as a story advances (Sample, or Observe on a
// *sim.Cluster), step markers (Mark) and connection outcomes (Conn), and
// renders them as a standalone SVG document (WriteSVG) built with the
// standard library alone. Every pod is one line (a path of class "pod") in
// its ReplicaSet's colour, thickened while the pod is Ready and faded while
// it is Terminating; every Service is one line of class "service". All text
// is XML-escaped, and the output depends only on the samples, so the same
// story renders the same bytes.
//
// A Recorder is not safe for concurrent use.
package timeline
