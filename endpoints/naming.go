package endpoints

// nameAlphabet is the alphabet of apimachinery's utilrand.String, which
// generateName suffixes are drawn from (no vowels, no confusable digits).
const nameAlphabet = "bcdfghjklmnpqrstvwxz2456789"

// SliceName returns the deterministic name of the n-th EndpointSlice svcsim
// creates for service: "<service>-" plus five characters of nameAlphabet
// spelling n in base 27 (wrapping after 27^5 names). Upstream draws the five
// characters at random (metadata.generateName "<service>-"); svcsim stays
// deterministic without a random source by counting instead.
func SliceName(service string, n uint64) string {
	var suffix [6]byte
	suffix[0] = '-'
	for i := 5; i >= 1; i-- {
		suffix[i] = nameAlphabet[n%27]
		n /= 27
	}
	return service + string(suffix[:])
}
