package kubectl

import (
	"strconv"
	"time"
)

// HumanDuration renders d as kubectl's AGE column does
// (k8s.io/apimachinery/pkg/util/duration.HumanDuration): seconds below two
// minutes ("95s"), minutes and seconds below ten minutes ("3m20s", "5m"),
// minutes below three hours ("42m"), hours and minutes below eight hours
// ("5h3m"), hours below two days ("30h"), days and hours below eight days
// ("3d4h"), days below two years ("200d"), then years ("2y35d", "9y"). A
// duration below -1s is "<invalid>" and one in (-2s, 0) is "0s": upstream
// tolerates small clock skew.
func HumanDuration(d time.Duration) string {
	if sec := int64(d / time.Second); sec < -1 {
		return "<invalid>"
	} else if sec < 0 {
		return "0s"
	} else if sec < 120 {
		return itoa(sec) + "s"
	}
	minutes := int64(d / time.Minute)
	if minutes < 10 {
		if s := int64(d/time.Second) % 60; s != 0 {
			return itoa(minutes) + "m" + itoa(s) + "s"
		}
		return itoa(minutes) + "m"
	} else if minutes < 180 {
		return itoa(minutes) + "m"
	}
	hours := int64(d / time.Hour)
	switch {
	case hours < 8:
		if m := minutes % 60; m != 0 {
			return itoa(hours) + "h" + itoa(m) + "m"
		}
		return itoa(hours) + "h"
	case hours < 48:
		return itoa(hours) + "h"
	case hours < 24*8:
		if h := hours % 24; h != 0 {
			return itoa(hours/24) + "d" + itoa(h) + "h"
		}
		return itoa(hours/24) + "d"
	case hours < 24*365*2:
		return itoa(hours/24) + "d"
	case hours < 24*365*8:
		if dy := hours / 24 % 365; dy != 0 {
			return itoa(hours/24/365) + "y" + itoa(dy) + "d"
		}
		return itoa(hours/24/365) + "y"
	}
	return itoa(hours/24/365) + "y"
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// age renders the time from created to now; a zero created is "<unknown>",
// as translateTimestampSince prints a missing creationTimestamp.
func age(now, created time.Time) string {
	if created.IsZero() {
		return "<unknown>"
	}
	return HumanDuration(now.Sub(created))
}
