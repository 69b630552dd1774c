package workload

// Field paths used in strategy validation errors.
const (
	FieldMaxSurge       = "spec.strategy.rollingUpdate.maxSurge"
	FieldMaxUnavailable = "spec.strategy.rollingUpdate.maxUnavailable"
)

// Defaults of apps/v1 (pkg/apis/apps/v1/defaults.go SetDefaults_Deployment).
var (
	// DefaultMaxSurge is maxSurge when unset: 25%.
	DefaultMaxSurge = Percent(25)
	// DefaultMaxUnavailable is maxUnavailable when unset: 25%.
	DefaultMaxUnavailable = Percent(25)
)

// ValidateStrategy checks a RollingUpdate strategy as apps validation
// ValidateRollingUpdateDeployment does: both values non-negative, not both
// zero ("0" and "0%" both count as zero; the error names maxUnavailable:
// "may not be 0 when `maxSurge` is 0"), and maxUnavailable not above 100%.
// maxSurge above 100% and absolute values above the replica count are
// allowed. Errors are *[FieldError] values wrapping [ErrInvalid]; the first
// problem found is returned.
func ValidateStrategy(maxSurge, maxUnavailable IntOrPercent) error {
	if maxUnavailable.value < 0 {
		return &FieldError{Field: FieldMaxUnavailable, Value: maxUnavailable.String(), Detail: "must be greater than or equal to 0"}
	}
	if maxSurge.value < 0 {
		return &FieldError{Field: FieldMaxSurge, Value: maxSurge.String(), Detail: "must be greater than or equal to 0"}
	}
	if maxSurge.value == 0 && maxUnavailable.value == 0 {
		return &FieldError{Field: FieldMaxUnavailable, Value: maxUnavailable.String(), Detail: "may not be 0 when `maxSurge` is 0"}
	}
	if maxUnavailable.percent && maxUnavailable.value > 100 {
		return &FieldError{Field: FieldMaxUnavailable, Value: maxUnavailable.String(), Detail: "must not be greater than 100%"}
	}
	return nil
}

// ParseRollingUpdate parses and validates the maxSurge and maxUnavailable
// fields of a Deployment as written by a user: "" takes the default (25%),
// anything else goes through [ParseIntOrPercent], and the pair through
// [ValidateStrategy]. Errors are *[FieldError] values naming the field and
// wrapping [ErrInvalid].
func ParseRollingUpdate(maxSurge, maxUnavailable string) (surge, unavailable IntOrPercent, err error) {
	surge, unavailable = DefaultMaxSurge, DefaultMaxUnavailable
	if maxSurge != "" {
		if surge, err = ParseIntOrPercent(maxSurge); err != nil {
			err.(*FieldError).Field = FieldMaxSurge
			return IntOrPercent{}, IntOrPercent{}, err
		}
	}
	if maxUnavailable != "" {
		if unavailable, err = ParseIntOrPercent(maxUnavailable); err != nil {
			err.(*FieldError).Field = FieldMaxUnavailable
			return IntOrPercent{}, IntOrPercent{}, err
		}
	}
	if err = ValidateStrategy(surge, unavailable); err != nil {
		return IntOrPercent{}, IntOrPercent{}, err
	}
	return surge, unavailable, nil
}

// ResolveFenceposts turns maxSurge and maxUnavailable into replica counts
// for a Deployment of the given size (deployment_util.go ResolveFenceposts):
// a percentage of maxSurge rounds up, one of maxUnavailable rounds down, and
// if both come out 0, unavailable becomes 1 so that a rollout can always
// progress. With the 25%/25% defaults: 1→(1,0), 4→(1,1), 5→(2,1),
// 10→(3,2), 100→(25,25).
//
// The values are not capped at replicas; the rollout applies
// [MaxUnavailable]'s cap itself.
func ResolveFenceposts(maxSurge, maxUnavailable IntOrPercent, replicas int) (surge, unavailable int) {
	surge = ScaledValue(maxSurge, replicas, true)
	unavailable = ScaledValue(maxUnavailable, replicas, false)
	if surge == 0 && unavailable == 0 {
		unavailable = 1
	}
	return surge, unavailable
}

// MaxUnavailable is deployment_util.go MaxUnavailable for a RollingUpdate
// Deployment, given the resolved unavailable count: 0 when replicas is 0,
// otherwise unavailable capped at replicas. It is what the rollout uses to
// compute minAvailable = replicas − MaxUnavailable.
func MaxUnavailable(unavailable, replicas int) int {
	if replicas <= 0 {
		return 0
	}
	return min(unavailable, replicas)
}
