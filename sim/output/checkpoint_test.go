package output

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/model"
)

// randomResult builds a result with awkward values: NaN, ±Inf, −0,
// subnormals, values that need all 17 digits.
func randomResult(r *rand.Rand) *model.Result {
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0, 5e-324,
		math.MaxFloat64, 0.1 + 0.2, 2.0 / 3}
	val := func() float64 {
		if r.IntN(3) == 0 {
			return special[r.IntN(len(special))]
		}
		return r.NormFloat64() * math.Pow(10, float64(r.IntN(20)-10))
	}
	res := &model.Result{Events: r.Uint64()}
	for i := range 1 + r.IntN(40) {
		res.Metrics = append(res.Metrics, model.Metric{Name: "m" + string(rune('a'+i%7)), Site: []string{"qmc", "kmh", "all"}[i%3], Value: val()})
	}
	for d := range r.IntN(200) {
		res.Daily = append(res.Daily, model.Day{Day: d, Site: "qmc", Unit: []string{"beds", "sdec"}[d%2], Occupied: val(),
			Arrivals: r.IntN(500), Admissions: r.IntN(100), Discharges: r.IntN(100), Delayed: float64(r.IntN(10)) - 2.25})
	}
	return res
}

func TestCheckpointRoundTripIsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		want := randomResult(r)
		num := i * i * 997 // small and large replication numbers
		data, err := EncodeResult("run-key", num, want)
		if err != nil {
			t.Fatal(err)
		}
		key, rep, got, err := DecodeResult(data)
		if err != nil {
			t.Fatal(err)
		}
		if key != "run-key" || rep != num {
			t.Fatalf("key %q, replication %d; want run-key, %d", key, rep, num)
		}
		if len(got.Metrics) != len(want.Metrics) || len(got.Daily) != len(want.Daily) || got.Events != want.Events {
			t.Fatalf("shape changed: %d/%d metrics, %d/%d days", len(got.Metrics), len(want.Metrics), len(got.Daily), len(want.Daily))
		}
		for i := range want.Metrics {
			a, b := want.Metrics[i], got.Metrics[i]
			if a.Name != b.Name || a.Site != b.Site || math.Float64bits(a.Value) != math.Float64bits(b.Value) {
				t.Fatalf("metric %d: %+v became %+v", i, a, b)
			}
		}
		for i := range want.Daily {
			a, b := want.Daily[i], got.Daily[i]
			if math.Float64bits(a.Occupied) != math.Float64bits(b.Occupied) {
				t.Fatalf("day %d occupied %v became %v", i, a.Occupied, b.Occupied)
			}
			a.Occupied, b.Occupied = 0, 0
			if a != b {
				t.Fatalf("day %d: %+v became %+v", i, a, b)
			}
		}
		if !EqualResults(want, got) {
			t.Fatal("EqualResults says the round trip changed the result")
		}
	}
	// A nil slice stays nil; an empty one stays empty.
	for _, daily := range [][]model.Day{nil, {}} {
		data, _ := EncodeResult("k", 0, &model.Result{Daily: daily})
		_, _, got, err := DecodeResult(data)
		if err != nil || (got.Daily == nil) != (daily == nil) {
			t.Errorf("daily %#v came back %#v (%v)", daily, got.Daily, err)
		}
	}
}

func TestCheckpointDetectsDamage(t *testing.T) {
	data, err := EncodeResult("k", 3, randomResult(rand.New(rand.NewPCG(3, 4))))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 1, len(checkpointMagic), len(data) / 2, len(data) - 4, len(data) - 1} {
		if _, _, _, err := DecodeResult(data[:n]); !errors.Is(err, ErrCorrupt) {
			t.Errorf("truncated to %d bytes: err = %v, want ErrCorrupt", n, err)
		}
	}
	for _, i := range []int{len(checkpointMagic) + 1, len(data) / 2, len(data) - 5} {
		bad := []byte(string(data))
		bad[i] ^= 0x10
		if _, _, _, err := DecodeResult(bad); !errors.Is(err, ErrCorrupt) {
			t.Errorf("byte %d flipped: err = %v, want ErrCorrupt", i, err)
		}
	}
}

// TestCheckpointVersion1IsCorrupt: a checkpoint of the format before
// replication numbers reads as corrupt (to be simulated again), not as a
// result.
func TestCheckpointVersion1IsCorrupt(t *testing.T) {
	data, _ := EncodeResult("k", 0, randomResult(rand.New(rand.NewPCG(7, 8))))
	old := append([]byte("flowsim-checkpoint 1\n"), data[len(checkpointMagic):len(data)-4]...)
	old = binary.LittleEndian.AppendUint32(old, crc32.ChecksumIEEE(old))
	if _, _, _, err := DecodeResult(old); !errors.Is(err, ErrCorrupt) {
		t.Errorf("version 1 checkpoint: err = %v, want ErrCorrupt", err)
	}
	if _, err := EncodeResult("k", -1, &model.Result{}); err == nil {
		t.Error("a negative replication number was encoded")
	}
}

func TestResultLayoutIsStable(t *testing.T) {
	if ResultLayout() != ResultLayout() || len(ResultLayout()) != 16 {
		t.Errorf("layout hash %q", ResultLayout())
	}
	var b strings.Builder
	describeType(&b, resultType, map[reflect.Type]bool{})
	if !strings.Contains(b.String(), "Metrics []struct{Name string;Site string;Value float64;}") {
		t.Errorf("layout description %s", b.String())
	}
}

// FuzzDecodeResult: the decoder never panics, and whatever it accepts
// survives a second round trip unchanged. The fuzzer's input gets a valid
// checksum appended, so that it explores the parser rather than the CRC.
func FuzzDecodeResult(f *testing.F) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 4 {
		data, _ := EncodeResult("key", r.IntN(1000), randomResult(r))
		f.Add(data[:len(data)-4])
	}
	f.Add([]byte(checkpointMagic))
	f.Fuzz(func(t *testing.T, body []byte) {
		data := binary.LittleEndian.AppendUint32(slices.Clip(body), crc32.ChecksumIEEE(body))
		key, rep, res, err := DecodeResult(data)
		if err != nil {
			return
		}
		again, err := EncodeResult(key, rep, res)
		if err != nil {
			t.Fatal(err)
		}
		key2, rep2, res2, err := DecodeResult(again)
		if err != nil || key2 != key || rep2 != rep || !EqualResults(res, res2) {
			t.Fatalf("accepted data does not survive a second round trip: %v", err)
		}
	})
}
