package design

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
)

// sobolBits is the precision of every coordinate: points are multiples of
// 2^-32, and a sequence has at most 2^32 of them.
const sobolBits = 32

// MaxSobolDim is the number of dimensions the shipped direction numbers
// cover.
const MaxSobolDim = len(joeKuo) + 1

// joeKuo holds, for dimensions 2 to 40, the degree s of the primitive
// polynomial, its coefficients a (as an integer, leading and trailing 1s
// left out) and the initial direction numbers m_1..m_s, from the file
// new-joe-kuo-6.21201 of S. Joe and F. Y. Kuo, "Constructing Sobol
// sequences with better two-dimensional projections", SIAM J. Sci. Comput.
// 30, 2635–2654 (2008), https://web.maths.unsw.edu.au/~fkuo/sobol/ (BSD
// licence). Dimension 1 is the van der Corput sequence and needs none.
var joeKuo = [...]struct {
	s, a int
	m    []uint32
}{
	{1, 0, []uint32{1}},
	{2, 1, []uint32{1, 3}},
	{3, 1, []uint32{1, 3, 1}},
	{3, 2, []uint32{1, 1, 1}},
	{4, 1, []uint32{1, 1, 3, 3}},
	{4, 4, []uint32{1, 3, 5, 13}},
	{5, 2, []uint32{1, 1, 5, 5, 17}},
	{5, 4, []uint32{1, 1, 5, 5, 5}},
	{5, 7, []uint32{1, 1, 7, 11, 19}},
	{5, 11, []uint32{1, 1, 5, 1, 1}},
	{5, 13, []uint32{1, 1, 1, 3, 11}},
	{5, 14, []uint32{1, 3, 5, 5, 31}},
	{6, 1, []uint32{1, 3, 3, 9, 7, 49}},
	{6, 13, []uint32{1, 1, 1, 15, 21, 21}},
	{6, 16, []uint32{1, 3, 1, 13, 27, 49}},
	{6, 19, []uint32{1, 1, 1, 15, 7, 5}},
	{6, 22, []uint32{1, 3, 1, 15, 13, 25}},
	{6, 25, []uint32{1, 1, 5, 5, 19, 61}},
	{7, 1, []uint32{1, 3, 7, 11, 23, 15, 103}},
	{7, 4, []uint32{1, 3, 7, 13, 13, 15, 69}},
	{7, 7, []uint32{1, 1, 3, 13, 7, 35, 63}},
	{7, 8, []uint32{1, 3, 5, 9, 1, 25, 53}},
	{7, 14, []uint32{1, 3, 1, 13, 9, 35, 107}},
	{7, 19, []uint32{1, 3, 1, 5, 27, 61, 31}},
	{7, 21, []uint32{1, 1, 5, 11, 19, 41, 61}},
	{7, 28, []uint32{1, 3, 5, 3, 3, 13, 69}},
	{7, 31, []uint32{1, 1, 7, 13, 1, 19, 1}},
	{7, 32, []uint32{1, 3, 7, 5, 13, 19, 59}},
	{7, 37, []uint32{1, 1, 3, 9, 25, 29, 41}},
	{7, 41, []uint32{1, 3, 5, 13, 23, 1, 55}},
	{7, 42, []uint32{1, 3, 7, 3, 13, 59, 17}},
	{7, 50, []uint32{1, 3, 1, 3, 5, 53, 69}},
	{7, 55, []uint32{1, 1, 5, 5, 23, 33, 13}},
	{7, 56, []uint32{1, 1, 7, 7, 1, 61, 123}},
	{7, 59, []uint32{1, 1, 7, 9, 13, 61, 49}},
	{7, 62, []uint32{1, 3, 3, 5, 3, 55, 33}},
	{8, 14, []uint32{1, 3, 1, 15, 31, 13, 49, 245}},
	{8, 21, []uint32{1, 3, 5, 15, 31, 59, 63, 97}},
	{8, 22, []uint32{1, 3, 1, 11, 11, 11, 77, 249}},
}

// Sobol generates the Sobol sequence in d dimensions in Gray-code order,
// as Joe and Kuo's sobol.cc does: point 0 is the origin, point 1 is
// (0.5, …, 0.5), and for every k the points 0 … 2^k−1 put 2^(k−j) points in
// each interval [i/2^j, (i+1)/2^j) of every axis (j ≤ k). With a digital
// shift (NewShiftedSobol) every coordinate of every point is XORed with a
// fixed random 32-bit word, which keeps that stratification and moves the
// points off the origin and the cube's faces.
//
// A Sobol is not safe for concurrent use.
type Sobol struct {
	v     [][sobolBits]uint32 // direction numbers, scaled to 32 bits
	x     []uint32            // the current point, before the shift
	shift []uint32
	next  uint64 // index of the point Next returns
}

// NewSobol returns the unshifted Sobol sequence in d dimensions,
// 1 ≤ d ≤ MaxSobolDim.
func NewSobol(d int) (*Sobol, error) {
	if d < 1 || d > MaxSobolDim {
		return nil, fmt.Errorf("sobol: want 1 to %d dimensions, got %d", MaxSobolDim, d)
	}
	s := &Sobol{v: make([][sobolBits]uint32, d), x: make([]uint32, d), shift: make([]uint32, d)}
	for i := range sobolBits {
		s.v[0][i] = 1 << (sobolBits - 1 - i)
	}
	for j := 1; j < d; j++ {
		jk := joeKuo[j-1]
		v := &s.v[j]
		for i := 0; i < jk.s; i++ {
			v[i] = jk.m[i] << (sobolBits - 1 - i)
		}
		for i := jk.s; i < sobolBits; i++ {
			v[i] = v[i-jk.s] ^ (v[i-jk.s] >> jk.s)
			for k := 1; k < jk.s; k++ {
				if (jk.a>>(jk.s-1-k))&1 == 1 {
					v[i] ^= v[i-k]
				}
			}
		}
	}
	return s, nil
}

// NewShiftedSobol returns the Sobol sequence in d dimensions with a
// digital shift drawn from src.
func NewShiftedSobol(d int, src rand.Source) (*Sobol, error) {
	if src == nil {
		return nil, fmt.Errorf("sobol: nil source of randomness")
	}
	s, err := NewSobol(d)
	if err != nil {
		return nil, err
	}
	for j := range s.shift {
		s.shift[j] = uint32(src.Uint64() >> 32)
	}
	return s, nil
}

// Dim returns the number of dimensions.
func (s *Sobol) Dim() int { return len(s.x) }

// Index returns the index of the point the next call to Next returns.
func (s *Sobol) Index() uint64 { return s.next }

// Next writes the next point into dst, which must have length Dim, and
// reports false once the 2^32 points of the sequence are used up.
func (s *Sobol) Next(dst []float64) bool {
	if len(dst) != len(s.x) {
		panic(fmt.Sprintf("sobol: dst has %d values, want %d", len(dst), len(s.x)))
	}
	if s.next >= 1<<sobolBits {
		return false
	}
	for j, x := range s.x {
		dst[j] = float64(x^s.shift[j]) / (1 << sobolBits)
	}
	// Gray code: point n+1 differs from point n in the direction number
	// of the lowest zero bit of n.
	c := bits.TrailingZeros64(^s.next)
	if c < sobolBits {
		for j := range s.x {
			s.x[j] ^= s.v[j][c]
		}
	}
	s.next++
	return true
}

// Seek positions the sequence so that Next returns point n, 0 ≤ n < 2^32.
func (s *Sobol) Seek(n uint64) {
	if n >= 1<<sobolBits {
		panic(fmt.Sprintf("sobol: seek to %d, past the 2^32 points of the sequence", n))
	}
	g := n ^ (n >> 1)
	for j := range s.x {
		var x uint32
		for b := 0; g>>b != 0; b++ {
			if (g>>b)&1 == 1 {
				x ^= s.v[j][b]
			}
		}
		s.x[j] = x
	}
	s.next = n
}

// Points returns the next n points of s.
func (s *Sobol) Points(n int) ([][]float64, error) {
	if n < 0 || uint64(n) > 1<<sobolBits-s.next {
		return nil, fmt.Errorf("sobol: %d points asked for, %d left", n, uint64(1<<sobolBits)-s.next)
	}
	pts := make([][]float64, n)
	flat := make([]float64, n*len(s.x))
	for i := range pts {
		pts[i] = flat[i*len(s.x) : (i+1)*len(s.x) : (i+1)*len(s.x)]
		s.Next(pts[i])
	}
	return pts, nil
}
