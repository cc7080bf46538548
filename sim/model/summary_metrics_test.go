package model

import (
	"math"
	"testing"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/rng"
)

// TestUtilisationIsBusyOverCapacity: in every replication, utilisation
// times capacity is the mean number in use — for the virtual ward (one
// ward of 12 places serving both sites, so each site shows the whole
// ward's figure and the sites' patients add up to it) and for the p1–p3
// services of constant capacity.
func TestUtilisationIsBusyOverCapacity(t *testing.T) {
	sc := loadUEC(t)
	for r := range 3 {
		res, err := Run(sc, rng.Seed(7).Replication(r))
		if err != nil {
			t.Fatal(err)
		}
		m := metricsBySite(res)
		near := func(what string, got, want float64) {
			t.Helper()
			if !(math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want))) {
				t.Errorf("rep %d: %s = %.12g, want %.12g", r, what, got, want)
			}
		}
		u := m[SystemSite][metric.VWUtilisation]
		if !(u > 0.05 && u <= 1) {
			t.Fatalf("rep %d: vw_utilisation %v, want a share of a busy ward", r, u)
		}
		near("vw_utilisation × 12 places", u*12, m[SystemSite][metric.VWOccupancyMean])
		near("a's + b's virtual-ward patients", m["a"][metric.VWOccupancyMean]+m["b"][metric.VWOccupancyMean], m[SystemSite][metric.VWOccupancyMean])
		near("a's vw_utilisation (the shared ward)", m["a"][metric.VWUtilisation], u)
		near("b's vw_utilisation (the shared ward)", m["b"][metric.VWUtilisation], u)
		for _, c := range []struct {
			site        string
			inUse, util string
			capacity    float64
		}{
			{"a", metric.P1InUseMean, metric.P1Utilisation, 60},
			{"a", metric.P2InUseMean, metric.P2Utilisation, 85},
			{"a", metric.P3InUseMean, metric.P3Utilisation, 60},
			{"b", metric.P2InUseMean, metric.P2Utilisation, 55},
		} {
			near(c.site+" "+c.util+" × capacity", m[c.site][c.util]*c.capacity, m[c.site][c.inUse])
		}
		near("all p2 in use", m["a"][metric.P2InUseMean]+m["b"][metric.P2InUseMean], m[SystemSite][metric.P2InUseMean])
		near("all p2_utilisation × 140 places", m[SystemSite][metric.P2Utilisation]*140, m[SystemSite][metric.P2InUseMean])
	}
}

// TestHubQueueObeysLittlesLaw: at each site's transfer-of-care hub the
// time-average queue equals the referral rate times the mean wait in clock
// hours (L = λW), over a long run, within 3% — with the wait in working
// hours it would not (a five-day hub's waits span nights and weekends).
func TestHubQueueObeysLittlesLaw(t *testing.T) {
	sc := loadUEC(t)
	sc.Horizon *= 3
	span := (sc.Horizon - sc.Warmup).Hours()
	var l, lw = map[string]float64{}, map[string]float64{}
	for r := range 4 {
		res, err := Run(sc, rng.Seed(11).Replication(r))
		if err != nil {
			t.Fatal(err)
		}
		m := metricsBySite(res)
		for _, site := range []string{"a", "b"} {
			l[site] += m[site][metric.HubQueueMean]
			lw[site] += m[site][metric.HubReferrals] / span * m[site][metric.HubWaitClockHoursMean]
		}
	}
	for _, site := range []string{"a", "b"} {
		if l[site] < 0.5 {
			t.Fatalf("site %s: hub queue %v, too short to test", site, l[site]/4)
		}
		if rel := math.Abs(l[site]-lw[site]) / l[site]; rel > 0.03 {
			t.Errorf("site %s: mean hub queue %.4g, λW %.4g: %.1f%% apart, want within 3%%", site, l[site]/4, lw[site]/4, 100*rel)
		} else {
			t.Logf("site %s: mean hub queue %.4g, λW %.4g (%.2f%% apart)", site, l[site]/4, lw[site]/4, 100*rel)
		}
	}
}

// TestHubDailyRows: daily.csv's hub rows are the hub's queue and team in
// use each day: over the reported days (the warm-up and horizon fall at
// midnight) their mean queue is hub_queue_mean, and every referral the
// rows count arrives once.
func TestHubDailyRows(t *testing.T) {
	sc := loadUEC(t)
	res, err := Run(sc, rng.Seed(3).Replication(0))
	if err != nil {
		t.Fatal(err)
	}
	m := metricsBySite(res)
	warmup := int(sc.Warmup.Days())
	for _, site := range []string{"a", "b"} {
		var queue float64
		days, referrals := 0, 0
		for _, d := range res.Daily {
			if d.Site != site || d.Unit != "hub" || d.Day < warmup {
				continue
			}
			queue += d.Delayed
			referrals += d.Arrivals
			days++
		}
		if days != int(sc.Horizon.Days())-warmup {
			t.Fatalf("site %s: %d reported hub days, want %d", site, days, int(sc.Horizon.Days())-warmup)
		}
		if got, want := queue/float64(days), m[site][metric.HubQueueMean]; math.Abs(got-want) > 1e-9*want {
			t.Errorf("site %s: mean daily hub queue %.12g, hub_queue_mean %.12g", site, got, want)
		}
		if want := m[site][metric.HubReferrals]; float64(referrals) != want {
			t.Errorf("site %s: daily hub arrivals add up to %d, hub_referrals %v", site, referrals, want)
		}
	}
}
