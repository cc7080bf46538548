package scenario

import (
	"slices"

	"go.yaml.in/yaml/v3"
)

// Chain returns the files of the extends: chain of the scenario file at
// path, the base first: the files Load merges (Scenario.Sources), found as
// Load finds them. Unlike Load it neither decodes nor validates, so that a
// file that no longer validates can still show where its values come
// from. Its errors are Load's for the chain: a file that cannot be read or
// is not a scenario, a bad extends:, a cycle.
func Chain(path string) ([]string, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, Errors{{File: path, Msg: readErrMsg(err), Err: err}}
	}
	l := &loader{origin: map[*yaml.Node]string{}}
	if _, err := l.resolve(path, data, nil); err != nil {
		return nil, Errors{err}
	}
	files := slices.Clone(l.files)
	slices.Reverse(files)
	return files, nil
}
