package run

import (
	"errors"
	"strings"
	"testing"
)

// TestResolveShard: a shard comes from --shard, else a Slurm array task
// (its index relative to the array's minimum and step), else a Kubernetes
// Indexed Job with a shard count; bad values are usage errors naming the
// variable.
func TestResolveShard(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec ShardSpec
		env  map[string]string
		want string // "K/N from", "" for none, or "error: text"
	}{
		{"none", ShardSpec{}, nil, ""},
		{"flag", ShardSpec{Given: true, Spec: "2/4"}, map[string]string{envSlurmID: "0", envSlurmCount: "3"}, "2/4 --shard"},
		{"off beats Slurm", ShardSpec{Given: true, Spec: "off"}, map[string]string{envSlurmID: "0", envSlurmCount: "3"}, ""},
		{"Slurm", ShardSpec{}, map[string]string{envSlurmID: "2", envSlurmCount: "3"}, "3/3 SLURM_ARRAY_TASK_ID=2"},
		{"Slurm min and step", ShardSpec{}, map[string]string{envSlurmID: "15", envSlurmCount: "3", envSlurmMin: "5", envSlurmStep: "5"}, "3/3 SLURM_ARRAY_TASK_ID=15"},
		{"Slurm off grid", ShardSpec{}, map[string]string{envSlurmID: "7", envSlurmCount: "3", envSlurmMin: "5", envSlurmStep: "5"}, "error: not on the array's grid"},
		{"Slurm from 1", ShardSpec{}, map[string]string{envSlurmID: "3", envSlurmCount: "3"}, "error: --array=0-2"},
		{"Slurm not a number", ShardSpec{}, map[string]string{envSlurmID: "x", envSlurmCount: "3"}, `error: SLURM_ARRAY_TASK_ID="x"`},
		{"Kubernetes", ShardSpec{Count: 4}, map[string]string{envK8sIndex: "0"}, "1/4 JOB_COMPLETION_INDEX"},
		{"Kubernetes past the count", ShardSpec{Count: 4}, map[string]string{envK8sIndex: "4"}, "error: want an index from 0 to 3"},
		{"Kubernetes without index", ShardSpec{Count: 4}, nil, "error: needs JOB_COMPLETION_INDEX"},
		{"bad flag", ShardSpec{Given: true, Spec: "5/4"}, nil, "error: --shard"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, from, err := ResolveShard(tc.spec, func(k string) string { return tc.env[k] })
			got := ""
			switch {
			case err != nil:
				var ue *UsageError
				if !errors.As(err, &ue) {
					t.Fatalf("error %v is not a usage error", err)
				}
				if want, ok := strings.CutPrefix(tc.want, "error: "); !ok || !strings.Contains(err.Error(), want) {
					t.Fatalf("error %q, want %q", err, tc.want)
				}
				return
			case s != nil:
				got = s.String() + " " + from
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
