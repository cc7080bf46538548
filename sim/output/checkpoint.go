package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/flowsim/flowsim/sim/model"
)

// A checkpoint holds one replication's model.Result exactly, so that an
// interrupted batch can be resumed and shards merged into files that are
// byte-identical to a single uninterrupted run. The layout is
//
//	"flowsim-checkpoint 2\n"
//	key       uvarint length + bytes: which run the replication belongs to
//	rep       uvarint: the replication's number
//	layout    uvarint length + bytes: hash of model.Result's Go layout
//	strings   uvarint count, then each as uvarint length + bytes
//	result    the value, field by field in declaration order (below)
//	crc       CRC-32 (IEEE) of everything before it, 4 bytes little-endian
//
// Values are written by reflection, so fields the model adds later are kept
// without changes here: floats as their IEEE bits (exact, NaN and −0
// included), signed integers as zigzag varints, unsigned ones as varints,
// bools as one byte, strings as an index into the string table (site and
// unit names repeat on every daily row), slices and pointers with a length
// or presence prefix that tells nil from empty, maps with sorted keys.
// Result types holding interfaces, channels or functions are not
// supported; the layout hash changes with any change of field names or
// types, and a checkpoint of another layout is refused rather than
// misread.
//
// The key and the replication number make a checkpoint say what it holds,
// so a file renamed, copied from another run or swapped with another is
// refused rather than taken for the replication its name says. Version 1
// had no number; its files read as corrupt, and a resumed run simulates
// them again (checkpoints are a cache).
const checkpointMagic = "flowsim-checkpoint 2\n"

// ErrCorrupt is returned (wrapped) by DecodeResult for data that is not a
// complete, intact checkpoint: truncated, altered or of another format.
var ErrCorrupt = errors.New("corrupt checkpoint")

// ErrLayout is returned (wrapped) by DecodeResult for an intact checkpoint
// written by a build whose model.Result has another layout.
var ErrLayout = errors.New("checkpoint written by a build with a different result layout")

var resultType = reflect.TypeFor[model.Result]()

// ResultLayout returns a short hash of model.Result's Go layout (field
// names and types, recursively). Checkpoints record it; run keys should
// include it so that a rebuilt binary never resumes another's work.
var ResultLayout = sync.OnceValue(func() string {
	var b strings.Builder
	describeType(&b, resultType, map[reflect.Type]bool{})
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
})

// layoutError reports a model.Result the codec cannot hold: one with an
// unexported field (which reflection cannot set when decoding).
var layoutError = sync.OnceValue(func() error { return checkExported(resultType, map[reflect.Type]bool{}) })

func checkExported(t reflect.Type, seen map[reflect.Type]bool) error {
	switch t.Kind() {
	case reflect.Struct:
		if seen[t] {
			return nil
		}
		seen[t] = true
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				return fmt.Errorf("unexported field %s.%s", t, f.Name)
			}
			if err := checkExported(f.Type, seen); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array, reflect.Pointer:
		return checkExported(t.Elem(), seen)
	case reflect.Map:
		return checkExported(t.Elem(), seen)
	}
	return nil
}

func describeType(b *strings.Builder, t reflect.Type, seen map[reflect.Type]bool) {
	switch t.Kind() {
	case reflect.Struct:
		if seen[t] {
			b.WriteString(t.String())
			return
		}
		seen[t] = true
		b.WriteString("struct{")
		for i := range t.NumField() {
			f := t.Field(i)
			b.WriteString(f.Name)
			b.WriteByte(' ')
			describeType(b, f.Type, seen)
			b.WriteByte(';')
		}
		b.WriteByte('}')
	case reflect.Slice:
		b.WriteString("[]")
		describeType(b, t.Elem(), seen)
	case reflect.Array:
		fmt.Fprintf(b, "[%d]", t.Len())
		describeType(b, t.Elem(), seen)
	case reflect.Pointer:
		b.WriteByte('*')
		describeType(b, t.Elem(), seen)
	case reflect.Map:
		b.WriteString("map[")
		describeType(b, t.Key(), seen)
		b.WriteByte(']')
		describeType(b, t.Elem(), seen)
	default:
		b.WriteString(t.Kind().String())
	}
}

// EncodeResult returns the checkpoint of replication rep's result r under
// key.
func EncodeResult(key string, rep int, r *model.Result) ([]byte, error) {
	if rep < 0 {
		return nil, fmt.Errorf("encode checkpoint: replication %d", rep)
	}
	if r == nil {
		return nil, errors.New("encode checkpoint: nil result")
	}
	if err := layoutError(); err != nil {
		return nil, fmt.Errorf("encode checkpoint: %w", err)
	}
	e := &encoder{index: map[string]int{}}
	if err := e.value(reflect.ValueOf(r).Elem()); err != nil {
		return nil, fmt.Errorf("encode checkpoint: %w", err)
	}
	out := make([]byte, 0, len(checkpointMagic)+len(key)+64+len(e.body))
	out = append(out, checkpointMagic...)
	out = appendString(out, key)
	out = binary.AppendUvarint(out, uint64(rep))
	out = appendString(out, ResultLayout())
	out = binary.AppendUvarint(out, uint64(len(e.strings)))
	for _, s := range e.strings {
		out = appendString(out, s)
	}
	out = append(out, e.body...)
	return binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(out)), nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

type encoder struct {
	body    []byte
	strings []string
	index   map[string]int
}

func (e *encoder) value(v reflect.Value) error {
	switch v.Kind() {
	case reflect.Bool:
		b := byte(0)
		if v.Bool() {
			b = 1
		}
		e.body = append(e.body, b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.body = binary.AppendVarint(e.body, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		e.body = binary.AppendUvarint(e.body, v.Uint())
	case reflect.Float32:
		e.body = binary.LittleEndian.AppendUint32(e.body, math.Float32bits(float32(v.Float())))
	case reflect.Float64:
		e.body = binary.LittleEndian.AppendUint64(e.body, math.Float64bits(v.Float()))
	case reflect.String:
		s := v.String()
		i, ok := e.index[s]
		if !ok {
			i = len(e.strings)
			e.index[s] = i
			e.strings = append(e.strings, s)
		}
		e.body = binary.AppendUvarint(e.body, uint64(i))
	case reflect.Slice:
		if v.IsNil() {
			e.body = append(e.body, 0)
			return nil
		}
		e.body = binary.AppendUvarint(e.body, uint64(v.Len())+1)
		for i := range v.Len() {
			if err := e.value(v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Array:
		for i := range v.Len() {
			if err := e.value(v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Pointer:
		if v.IsNil() {
			e.body = append(e.body, 0)
			return nil
		}
		e.body = append(e.body, 1)
		return e.value(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if err := e.value(v.Field(i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		if v.IsNil() {
			e.body = append(e.body, 0)
			return nil
		}
		keys := v.MapKeys()
		if v.Type().Key().Kind() != reflect.String {
			return fmt.Errorf("map key type %s (only string keys are supported)", v.Type().Key())
		}
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		e.body = binary.AppendUvarint(e.body, uint64(len(keys))+1)
		for _, k := range keys {
			if err := e.value(k); err != nil {
				return err
			}
			if err := e.value(v.MapIndex(k)); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("unsupported type %s", v.Type())
	}
	return nil
}

// DecodeResult parses a checkpoint made by EncodeResult, returning its
// key, replication number and result. Anything but an intact checkpoint
// of this format and this build's layout is an error wrapping ErrCorrupt
// or ErrLayout; DecodeResult never panics.
func DecodeResult(data []byte) (key string, rep int, r *model.Result, err error) {
	if len(data) < len(checkpointMagic)+4 || string(data[:len(checkpointMagic)]) != checkpointMagic {
		return "", 0, nil, fmt.Errorf("%w: not a flowsim checkpoint of this format", ErrCorrupt)
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return "", 0, nil, fmt.Errorf("%w: checksum mismatch (truncated or altered)", ErrCorrupt)
	}
	d := &decoder{buf: body[len(checkpointMagic):]}
	key = d.string()
	num := d.uvarint()
	layout := d.string()
	if d.err == nil && num > math.MaxInt32 {
		d.fail("replication number %d", num)
	}
	if d.err != nil {
		return "", 0, nil, d.err
	}
	rep = int(num)
	if layout != ResultLayout() {
		return key, rep, nil, fmt.Errorf("%w (%s, this build %s)", ErrLayout, layout, ResultLayout())
	}
	n := d.length(1)
	for range n {
		d.strings = append(d.strings, d.string())
	}
	r = new(model.Result)
	d.value(reflect.ValueOf(r).Elem())
	if d.err == nil && len(d.buf) != 0 {
		d.fail("%d bytes left over", len(d.buf))
	}
	if d.err != nil {
		return "", 0, nil, d.err
	}
	return key, rep, r, nil
}

type decoder struct {
	buf     []byte
	strings []string
	err     error
}

func (d *decoder) fail(format string, a ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, a...))
	}
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	x, n := binary.Uvarint(d.buf)
	if n <= 0 {
		d.fail("bad varint")
		return 0
	}
	d.buf = d.buf[n:]
	return x
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	x, n := binary.Varint(d.buf)
	if n <= 0 {
		d.fail("bad varint")
		return 0
	}
	d.buf = d.buf[n:]
	return x
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n > len(d.buf) {
		d.fail("unexpected end")
		return nil
	}
	b := d.buf[:n]
	d.buf = d.buf[n:]
	return b
}

// length reads a count of items each taking at least minSize bytes, so a
// corrupt count cannot make the decoder allocate more than the data holds.
func (d *decoder) length(minSize int) int {
	n := d.uvarint()
	if d.err == nil && n > uint64(len(d.buf)/max(minSize, 1)+1) {
		d.fail("count %d exceeds the data", n)
		return 0
	}
	return int(n)
}

func (d *decoder) string() string {
	n := d.length(1)
	return string(d.bytes(n))
}

func (d *decoder) value(v reflect.Value) {
	if d.err != nil {
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		b := d.bytes(1)
		if b != nil {
			if b[0] > 1 {
				d.fail("bad bool")
			}
			v.SetBool(b[0] == 1)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x := d.varint()
		if v.OverflowInt(x) {
			d.fail("integer %d overflows %s", x, v.Type())
			return
		}
		v.SetInt(x)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		x := d.uvarint()
		if v.OverflowUint(x) {
			d.fail("integer %d overflows %s", x, v.Type())
			return
		}
		v.SetUint(x)
	case reflect.Float32:
		if b := d.bytes(4); b != nil {
			v.SetFloat(float64(math.Float32frombits(binary.LittleEndian.Uint32(b))))
		}
	case reflect.Float64:
		if b := d.bytes(8); b != nil {
			v.SetFloat(math.Float64frombits(binary.LittleEndian.Uint64(b)))
		}
	case reflect.String:
		i := d.uvarint()
		if d.err == nil && i >= uint64(len(d.strings)) {
			d.fail("string index %d out of range", i)
			return
		}
		if d.err == nil {
			v.SetString(d.strings[i])
		}
	case reflect.Slice:
		n := d.length(minSize(v.Type().Elem()))
		if d.err != nil || n == 0 {
			return
		}
		s := reflect.MakeSlice(v.Type(), n-1, n-1)
		for i := range n - 1 {
			d.value(s.Index(i))
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			d.value(v.Index(i))
		}
	case reflect.Pointer:
		b := d.bytes(1)
		if b == nil || b[0] == 0 {
			return
		}
		if b[0] != 1 {
			d.fail("bad pointer flag")
			return
		}
		p := reflect.New(v.Type().Elem())
		d.value(p.Elem())
		v.Set(p)
	case reflect.Struct:
		for i := range v.NumField() {
			d.value(v.Field(i))
		}
	case reflect.Map:
		n := d.length(2)
		if d.err != nil || n == 0 {
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), n-1)
		for range n - 1 {
			k := reflect.New(v.Type().Key()).Elem()
			e := reflect.New(v.Type().Elem()).Elem()
			d.value(k)
			d.value(e)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	default:
		d.fail("unsupported type %s", v.Type())
	}
}

// minSize is the fewest bytes a value of type t takes in a checkpoint.
func minSize(t reflect.Type) int {
	switch t.Kind() {
	case reflect.Float32:
		return 4
	case reflect.Float64:
		return 8
	case reflect.Struct:
		n := 0
		for i := range t.NumField() {
			n += minSize(t.Field(i).Type)
		}
		return n
	case reflect.Array:
		return t.Len() * minSize(t.Elem())
	}
	return 1
}

// EqualResults reports whether two results are identical bit for bit (NaNs
// with the same bits are equal, 0 and −0 are not), as a checkpoint must
// preserve them.
func EqualResults(a, b *model.Result) bool {
	ea, err1 := EncodeResult("", 0, a)
	eb, err2 := EncodeResult("", 0, b)
	return err1 == nil && err2 == nil && bytes.Equal(ea, eb)
}
