// Package timeline draws what a Service hides: a picture of each pod's IP
// over virtual time, with the Service's ClusterIP as one unbroken line
// across it.
//
// Sample the story as it advances, then write the picture:
//
//	r := timeline.New("rolling update")
//	r.Observe(c, "default", sel, "web") // after each step of the story
//	r.Mark(c.Now(), "kubectl rollout restart deployment/web")
//	r.Conn(c.Now(), "default/web-5f8b9c6d7-hjk2l", true)
//	err := r.WriteSVG(f)
//
// Observe samples a *sim.Cluster (Sample takes pods and Services directly),
// Mark numbers a step of the story, Conn records a connection's outcome, and
// WriteSVG renders a standalone SVG document built with the standard library
// alone. Every pod is one line (a path with id "pod-N") in its ReplicaSet's
// colour, thickened while the pod is Ready and faded while it is
// Terminating; every Service is one line ("service-N"). The document uses
// plain presentation attributes only (no CSS, classes or opacity) and
// shallow nesting, so that browsers, librsvg (rsvg-convert) and
// ImageMagick's own renderer draw the same picture. All text is
// XML-escaped, and the output depends only on the samples, so the same
// story renders the same bytes.
//
// A Recorder is not safe for concurrent use.
package timeline
