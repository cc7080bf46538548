package stats

import "math/rand/v2"

func newTestRand() *rand.Rand { return rand.New(rand.NewPCG(7, 11)) }
