package scenario

import (
	"bytes"
	"reflect"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/flowsim/flowsim/sim/census"
)

// Cache remembers the YAML of the scenario files loads through it have
// parsed, and the fields of the types they decoded, so that loading the
// same files again — a history match loads its base scenario with other
// overrides at every point — does not parse them again. A file is reused only while its bytes are the same; every
// other stage of a load (extends, merging, strict decoding, validation,
// the census) runs as in Load, so a load through a Cache accepts and
// refuses exactly what LoadWith does, with the same messages. It is safe
// for concurrent use; the zero value is ready.
type Cache struct {
	mu    sync.Mutex
	files map[string]parsedFile
	// fields are the yaml views of the struct types decoded, never
	// changed once made.
	fields map[reflect.Type]*structFields
}

// parsedFile is a file's bytes and the document yaml.v3 decoded from
// them, never changed after (loader.copy reads it into fresh nodes).
type parsedFile struct {
	data []byte
	doc  *yaml.Node
}

// LoadWith is scenario.LoadWith through the cache.
func (c *Cache) LoadWith(path string, overrides ...Override) (*Scenario, error) {
	return loadWith(path, reads{census: census.Read, cache: c}, overrides)
}

// doc returns the document parsed from data under name, or nil.
func (c *Cache) doc(name string, data []byte) *yaml.Node {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.files[name]; ok && bytes.Equal(f.data, data) {
		return f.doc
	}
	return nil
}

// keep remembers doc as the document of data under name.
func (c *Cache) keep(name string, data []byte, doc *yaml.Node) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.files == nil {
		c.files = map[string]parsedFile{}
	}
	c.files[name] = parsedFile{data: bytes.Clone(data), doc: doc}
}

// fieldsOf returns the yaml view of struct type t made by an earlier
// load, or nil.
func (c *Cache) fieldsOf(t reflect.Type) *structFields {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fields[t]
}

// keepFields remembers sf as the yaml view of t.
func (c *Cache) keepFields(t reflect.Type, sf *structFields) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fields == nil {
		c.fields = map[reflect.Type]*structFields{}
	}
	c.fields[t] = sf
}
