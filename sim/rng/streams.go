package rng

import (
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
// use with Reseed. Compute it once, outside the hot path.
func (r Replication) Key(name string) uint64 { return mix(r.key ^ hashString(name)) }

// Reseed points src at the stream for item id under key (from Key): for
// example the length-of-stay draws of the id-th patient from a place. Every
// (key, id) pair has its own stream, so an item's draws do not depend on how
// many draws other items made: the patient who arrives i-th has the same
// needs in every scenario run with the same seed, which is what makes
// comparisons paired. Reseeding allocates nothing.
func Reseed(src *rand.PCG, key, id uint64) {
	s1 := mix(key ^ mix(id))
	src.Seed(s1, mix(s1^0x6a09e667f3bcc909))
}
