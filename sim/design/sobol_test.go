package design

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/rng"
)

// TestSobolPublishedPoints compares the first 64 points in 40 dimensions
// with the output of Joe and Kuo's own sobol.cc run on new-joe-kuo-6.21201
// (as kept by JuliaMath/Sobol.jl, test/results/exp_results_50; the first
// 40 of its 50 columns).
func TestSobolPublishedPoints(t *testing.T) {
	f, err := os.Open("testdata/joe-kuo-64x40.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := NewSobol(MaxSobolDim)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]float64, MaxSobolDim)
	sc := bufio.NewScanner(f)
	rows := 0
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != MaxSobolDim {
			t.Fatalf("row %d has %d values, want %d", rows, len(fields), MaxSobolDim)
		}
		s.Next(got)
		for j, txt := range fields {
			want, err := strconv.ParseFloat(txt, 64)
			if err != nil {
				t.Fatal(err)
			}
			if got[j] != want {
				t.Fatalf("point %d, dimension %d: got %v, want %v", rows, j+1, got[j], want)
			}
		}
		rows++
	}
	if rows != 64 {
		t.Fatalf("read %d rows, want 64", rows)
	}
}

// strata checks that pts put exactly len(pts)/2^j points in each interval
// [i/2^j, (i+1)/2^j) of every axis, for every 2^j <= len(pts).
func strata(t *testing.T, pts [][]float64) {
	t.Helper()
	n := len(pts)
	for j := 1; 1<<j <= n; j++ {
		for dim := range pts[0] {
			count := make([]int, 1<<j)
			for _, p := range pts {
				count[int(p[dim]*float64(int(1)<<j))]++
			}
			for i, c := range count {
				if c != n>>j {
					t.Fatalf("%d points, dimension %d: interval %d of %d holds %d points, want %d", n, dim+1, i, 1<<j, c, n>>j)
				}
			}
		}
	}
}

func TestSobolStratifiesEveryBlock(t *testing.T) {
	for _, shifted := range []bool{false, true} {
		var s *Sobol
		var err error
		if shifted {
			s, err = NewShiftedSobol(MaxSobolDim, rng.Seed(7).Replication(0).Stream("design/test"))
		} else {
			s, err = NewSobol(MaxSobolDim)
		}
		if err != nil {
			t.Fatal(err)
		}
		// Every block of 2^k consecutive points starting at a multiple
		// of 2^k stratifies, not only the first.
		for _, k := range []int{1, 4, 8, 11} {
			for _, start := range []uint64{0, 1 << k, 5 << k} {
				s.Seek(start)
				pts, err := s.Points(1 << k)
				if err != nil {
					t.Fatal(err)
				}
				strata(t, pts)
			}
		}
	}
}

// TestSobolFirstPairIsANet checks that dimensions 1 and 2 form a (0,m,2)-
// net: every 2^m points fill each elementary box of area 2^-m once.
func TestSobolFirstPairIsANet(t *testing.T) {
	s, _ := NewSobol(2)
	const m = 10
	pts, _ := s.Points(1 << m)
	for a := 0; a <= m; a++ {
		b := m - a
		seen := map[[2]int]bool{}
		for _, p := range pts {
			box := [2]int{int(p[0] * float64(int(1)<<a)), int(p[1] * float64(int(1)<<b))}
			if seen[box] {
				t.Fatalf("box %v of the %d x %d grid holds two points", box, 1<<a, 1<<b)
			}
			seen[box] = true
		}
	}
}

func TestSobolSeekMatchesNext(t *testing.T) {
	a, _ := NewSobol(13)
	b, _ := NewSobol(13)
	pa, pb := make([]float64, 13), make([]float64, 13)
	for n := uint64(0); n < 300; n++ {
		a.Next(pa)
		b.Seek(n)
		b.Next(pb)
		for j := range pa {
			if pa[j] != pb[j] {
				t.Fatalf("point %d dimension %d: Next %v, Seek %v", n, j, pa[j], pb[j])
			}
		}
	}
}

func TestSobolShiftIsDeterministic(t *testing.T) {
	mk := func(seed rng.Seed) [][]float64 {
		s, err := NewShiftedSobol(5, seed.Replication(0).Stream("x"))
		if err != nil {
			t.Fatal(err)
		}
		p, _ := s.Points(8)
		return p
	}
	a, b, c := mk(1), mk(1), mk(2)
	same, differ := true, false
	for i := range a {
		for j := range a[i] {
			same = same && a[i][j] == b[i][j]
			differ = differ || a[i][j] != c[i][j]
			if a[i][j] < 0 || a[i][j] >= 1 {
				t.Fatalf("point %v outside [0,1)", a[i])
			}
		}
	}
	if !same || !differ {
		t.Fatalf("same seed same points %v, other seed other points %v", same, differ)
	}
}

func TestSobolRefusesBadDimensions(t *testing.T) {
	for _, d := range []int{0, -1, MaxSobolDim + 1} {
		if _, err := NewSobol(d); err == nil {
			t.Errorf("NewSobol(%d): no error", d)
		}
	}
}

func TestLatinHypercube(t *testing.T) {
	const n, d = 50, 6
	pts, err := LatinHypercube(n, d, rng.Seed(3).Replication(0).Stream("lhs"))
	if err != nil {
		t.Fatal(err)
	}
	for dim := range d {
		seen := make([]bool, n)
		for _, p := range pts {
			i := int(math.Floor(p[dim] * n))
			if seen[i] {
				t.Fatalf("dimension %d: slice %d holds two points", dim, i)
			}
			seen[i] = true
		}
	}
	again, _ := LatinHypercube(n, d, rng.Seed(3).Replication(0).Stream("lhs"))
	for i := range pts {
		for j := range pts[i] {
			if pts[i][j] != again[i][j] {
				t.Fatal("same seed, different design")
			}
		}
	}
	if _, err := LatinHypercube(n, d, nil); err == nil {
		t.Error("nil source: no error")
	}
}
