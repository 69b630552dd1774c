package service

// PrepareCreate does to *s, a Service being created and already defaulted
// (WithDefaults), what kube-apiserver does before allocating it:
// NormalizeClusterIPs(s, nil), then DefaultIPFamilies with the cluster's
// families (the primary first), then Validate, stopping at the first
// step's error. It changes *s in place rather than copying the Service
// (some 400 bytes) into and out of each step; on error *s may be partly
// prepared.
func PrepareCreate(s *Service, cluster []IPFamily) error {
	normalizeClusterIPs(s, nil)
	if err := defaultIPFamilies(s, nil, cluster); err != nil {
		return err
	}
	v := validator{errs: s.validate(nil)}
	return v.named(s)
}
