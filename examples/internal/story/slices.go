package story

import (
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/svcsim/svcsim/endpoints"
)

// SliceConditions prints every endpoint of the slices with its conditions,
// as `kubectl get endpointslices -o yaml` would show them, one row each:
// SLICE ADDRESS READY SERVING TERMINATING NODE POD.
func SliceConditions(w io.Writer, slices []endpoints.Slice) error {
	tw := tabwriter.NewWriter(w, 6, 4, 3, ' ', 0)
	if _, err := io.WriteString(tw, "SLICE\tADDRESS\tREADY\tSERVING\tTERMINATING\tNODE\tPOD\n"); err != nil {
		return err
	}
	for _, sl := range slices {
		for _, e := range sl.Endpoints {
			addr := "<none>"
			if len(e.Addresses) > 0 {
				addr = e.Addresses[0].String()
			}
			row := sl.Name + "\t" + addr + "\t" + strconv.FormatBool(e.Conditions.Ready) + "\t" +
				strconv.FormatBool(e.Conditions.Serving) + "\t" + strconv.FormatBool(e.Conditions.Terminating) + "\t" +
				e.NodeName + "\t" + Short(e.Pod) + "\n"
			if _, err := io.WriteString(tw, row); err != nil {
				return err
			}
		}
	}
	return tw.Flush()
}
