package stats

import "math"

// Level tracks an integer quantity that changes at instants (beds occupied,
// patients queueing) and accumulates how long it spent at each value, so it
// yields the time-weighted mean and time-weighted quantiles without storing
// the path. Times are float64 in any unit; the caller keeps them
// non-decreasing. Recording starts at time 0.
type Level struct {
	value       int
	since       float64 // time of the last change
	start       float64 // time of the last Reset
	area        float64 // integral of value from time 0 to since
	areaAtReset float64
	timeAt      []float64 // time spent at each value since the last Reset
	maxSeen     int
}

// Reset starts the mean, quantiles and maximum afresh at time t with the
// current value: used at the end of a warm-up. Total (Area) is unaffected.
func (l *Level) Reset(t float64) {
	l.advance(t)
	l.start, l.areaAtReset = t, l.area
	clear(l.timeAt)
	l.maxSeen = l.value
}

// Value returns the current value.
func (l *Level) Value() int { return l.value }

// Set changes the value at time t.
func (l *Level) Set(t float64, v int) {
	l.advance(t)
	l.value = v
	l.maxSeen = max(l.maxSeen, v)
}

// Add changes the value by d at time t.
func (l *Level) Add(t float64, d int) { l.Set(t, l.value+d) }

func (l *Level) advance(t float64) {
	dt := t - l.since
	if dt > 0 {
		l.area += dt * float64(l.value)
		if l.value >= 0 {
			if l.value >= len(l.timeAt) {
				l.timeAt = append(l.timeAt, make([]float64, l.value+1-len(l.timeAt))...)
			}
			l.timeAt[l.value] += dt
		}
		l.since = t
	}
}

// Total returns the integral of the value from time 0 to t (for beds,
// occupied bed-hours), whatever Resets happened: differences of Total give
// the integral over any interval, such as one day.
func (l *Level) Total(t float64) float64 {
	l.advance(t)
	return l.area
}

// Area returns the integral of the value from the last Reset to t.
func (l *Level) Area(t float64) float64 {
	l.advance(t)
	return l.area - l.areaAtReset
}

// Mean returns the time-weighted mean from the last Reset to t, or NaN if no
// time has passed.
func (l *Level) Mean(t float64) float64 {
	l.advance(t)
	if t <= l.start {
		return math.NaN()
	}
	return (l.area - l.areaAtReset) / (t - l.start)
}

// Quantile returns the smallest value v such that the value was at most v
// for at least a share p of the time from the last Reset to t.
func (l *Level) Quantile(t float64, p float64) float64 {
	l.advance(t)
	total := t - l.start
	if total <= 0 {
		return math.NaN()
	}
	acc := 0.0
	for v, dt := range l.timeAt {
		acc += dt
		if acc >= p*total*(1-1e-12) {
			return float64(v)
		}
	}
	return float64(len(l.timeAt) - 1)
}

// Max returns the largest value seen since the last Reset.
func (l *Level) Max() int { return l.maxSeen }
