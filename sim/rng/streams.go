package rng

import (
	"math/bits"
	"math/rand/v2"
)

// Seed is a master seed for a batch of replications.
type Seed uint64

// Replication returns the stream source for replication rep (0-based).
func (s Seed) Replication(rep int) Replication {
	return Replication{key: mix(uint64(s) ^ mix(uint64(rep)+0x9e3779b97f4a7c15))}
}

// Replication derives the named streams of one replication.
type Replication struct{ key uint64 }

// Stream returns a new generator for the named purpose. The same (seed,
// replication, name) always yields the same sequence; different names yield
// statistically independent ones. Names are free text, conventionally
// slash-separated ("arrivals/city", "los/qmc").
func (r Replication) Stream(name string) *rand.Rand {
	h := hashString(name)
	s1 := mix(r.key ^ h)
	s2 := mix(s1 ^ 0xda942042e4dd58b5 ^ h<<1)
	return rand.New(rand.NewPCG(s1, s2))
}

// hashString is 64-bit FNV-1a: fixed, documented and independent of the
// process, unlike hash/maphash.
func hashString(s string) uint64 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= prime
	}
	return h
}

// mix is the SplitMix64 finaliser: a bijection on uint64 that spreads every
// input bit over the whole output, so nearby seeds give unrelated streams.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Key returns a 64-bit key for a named purpose within this replication, for
// use with Items.Reset or Reseed. Compute it once, outside the hot path.
func (r Replication) Key(name string) uint64 { return mix(r.key ^ hashString(name)) }

// Reseed points src at the stream for item id under key (from Key): for
// example the length-of-stay draws of the id-th patient from a place. Every
// (key, id) pair has its own stream, so an item's draws do not depend on how
// many draws other items made: the patient who arrives i-th has the same
// needs in every scenario run with the same seed, which is what makes
// comparisons paired. Reseeding allocates nothing. Items gives the same
// streams more cheaply.
func Reseed(src *rand.PCG, key, id uint64) {
	src.Seed(itemSeeds(key, id))
}

// itemSeeds returns the PCG seeds of item id's stream under key.
func itemSeeds(key, id uint64) (s1, s2 uint64) {
	s1 = mix(key ^ mix(id))
	return s1, mix(s1 ^ 0x6a09e667f3bcc909)
}

// Items is a source of per-item streams (one patient's draws for one
// purpose): the PCG-DXSM generator of math/rand/v2, step for step, so
// Reset(key, id) gives exactly the stream Reseed(src, key, id) gives a
// rand.PCG. It exists for speed: every patient starts a stream for every
// purpose and draws a handful of values from it, and a rand.PCG is reached
// only through rand.Rand's Source interface, a call per draw that cannot
// be inlined. Float64 here is inlined; wrap Items in rand.New for the
// distributions (dist.Sample), which then draw the same values as before.
type Items struct{ hi, lo uint64 }

// Reset points s at the stream for item id under key (from Key), as
// Reseed does. It allocates nothing.
func (s *Items) Reset(key, id uint64) { s.hi, s.lo = itemSeeds(key, id) }

// Uint64 returns the stream's next value (rand.Source): rand.PCG's
// Uint64, a 128-bit linear congruential step and the DXSM output mix.
func (s *Items) Uint64() uint64 {
	const (
		mulHi    = 2549297995355413924
		mulLo    = 4865540595714422341
		incHi    = 6364136223846793005
		incLo    = 1442695040888963407
		cheapMul = 0xda942042e4dd58b5
	)
	hi, lo := bits.Mul64(s.lo, mulLo)
	hi += s.hi*mulLo + s.lo*mulHi
	lo, c := bits.Add64(lo, incLo, 0)
	hi, _ = bits.Add64(hi, incHi, c)
	s.lo, s.hi = lo, hi
	hi ^= hi >> 32
	hi *= cheapMul
	hi ^= hi >> 48
	hi *= lo | 1
	return hi
}

// Float64 returns a uniform draw in [0, 1): the value rand.New(s).Float64
// would give, called directly rather than through rand.Source, for the
// model's plain uniforms (a patient's needs, a ward round's place).
func (s *Items) Float64() float64 { return float64(s.Uint64()<<11>>11) / (1 << 53) }
