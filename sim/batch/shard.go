package batch

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is part K of N of a batch's replications: replication r belongs to
// shard r mod N + 1. Dealing replications round-robin keeps the shards'
// sizes within one of each other and their work balanced, and the split
// depends only on K and N, so independent machines agree on it.
type Shard struct {
	Index int // K, 1-based
	Count int // N
}

// ParseShard parses "K/N" with 1 ≤ K ≤ N.
func ParseShard(s string) (Shard, error) {
	k, n, ok := strings.Cut(s, "/")
	if !ok {
		return Shard{}, fmt.Errorf("want K/N (shard K of N, from 1), got %q", s)
	}
	ki, err1 := strconv.Atoi(strings.TrimSpace(k))
	ni, err2 := strconv.Atoi(strings.TrimSpace(n))
	if err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("want K/N with whole numbers, got %q", s)
	}
	sh := Shard{Index: ki, Count: ni}
	return sh, sh.Validate()
}

// Validate checks 1 ≤ Index ≤ Count.
func (s Shard) Validate() error {
	if s.Count < 1 || s.Index < 1 || s.Index > s.Count {
		return fmt.Errorf("shard %d/%d: want 1 ≤ K ≤ N", s.Index, s.Count)
	}
	return nil
}

// String returns "K/N".
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Owns reports whether replication r belongs to the shard.
func (s Shard) Owns(r int) bool { return r%s.Count == s.Index-1 }

// Reps returns the shard's replication numbers out of 0..total-1, in
// increasing order.
func (s Shard) Reps(total int) []int {
	var reps []int
	for r := s.Index - 1; r < total; r += s.Count {
		reps = append(reps, r)
	}
	return reps
}
