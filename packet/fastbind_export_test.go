package packet

import (
	"fmt"
	"reflect"
	"time"
	"unsafe"

	"github.com/cbccvc/cbccvc-go/internal/jsontext"
)

// FastRecord exposes fastRecord to the differential tests of package
// packet_test, which compare it with the exact path and the reference
// schema engine over records made by packettest.
func FastRecord(name string, raw []byte, major int) (Record, bool) {
	return fastRecord(name, raw, major)
}

// ExactRecord binds raw the exact way — a tree, the compiled schema of its
// kind, bindRecord with semantic as given — and returns the record, the
// tree, and everything either layer reported, with the kind
// guessRecordName gives the tree.
func ExactRecord(name string, raw []byte, major int, semantic bool) (rec Record, tree any, problems []string, guess string, err error) {
	d := jsontext.NewBytesDecoder(raw, jsontext.Limits{})
	if tree, err = d.Value(); err == nil {
		err = d.End()
	}
	if err != nil {
		return nil, nil, nil, "", err
	}
	sets, err := embeddedSets()
	if err != nil {
		return nil, nil, nil, "", err
	}
	if s := sets[major]; s != nil {
		for _, v := range s.record(name)(tree) {
			problems = append(problems, fmt.Sprint(v))
		}
	} else {
		problems = append(problems, fmt.Sprintf("no schemas of version %d", major))
	}
	rec = bindRecord(name, tree, 0, major, func(f Finding) {
		problems = append(problems, f.Rule+" "+f.Pointer+" "+f.MessageEN)
	}, semantic)
	return rec, tree, problems, guessRecordName(tree), nil
}

// FastRecordReusing exposes fastRecordReusing: the tests bind into
// records written over by Poison, and compare with fresh ones.
func FastRecordReusing(name string, raw []byte, major int, old Record) (Record, bool) {
	return fastRecordReusing(name, raw, major, old)
}

// WithRecycled has f called with each record the collector recycles,
// before the workers may bind into it again.
func WithRecycled(f func(Record)) ValidatorOption { return func(v *Validator) { v.recycled = f } }

// Poison writes over everything rec holds, in place — every field,
// exported or not, absent ones too; every item of its slices up to their
// capacity; what its pointers point to — and gives the absent slices and
// pointers memory of their own, written over too: a binder that leaves
// anything of a recycled record, or a reader that kept a part of one,
// shows.
func Poison(rec Record) {
	if rec != nil {
		poison(reflect.ValueOf(rec).Elem(), 0)
	}
}

var poisonedTime = time.Date(1901, 2, 3, 4, 5, 6, 7, time.FixedZone("poisoned", 77*60))

func poison(v reflect.Value, depth int) {
	if depth > 8 {
		return
	}
	if !v.CanSet() {
		v = reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
	}
	if v.Type() == reflect.TypeFor[time.Time]() {
		// Its location may be shared (time.UTC): never written over.
		v.Set(reflect.ValueOf(poisonedTime))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("☠ poisoned")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(-77)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(0xA5)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(-7.7)
	case reflect.Array:
		for i := range v.Len() {
			poison(v.Index(i), depth+1)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			poison(v.Field(i), depth+1)
		}
	case reflect.Pointer:
		if v.Type().Elem().PkgPath() != reflect.TypeFor[Profile]().PkgPath() && v.Type().Elem().Kind() == reflect.Struct {
			return // another package's, maybe shared
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		poison(v.Elem(), depth+1)
	case reflect.Slice:
		if v.Cap() == 0 {
			v.Set(reflect.MakeSlice(v.Type(), 0, 3))
		}
		all := v.Slice(0, v.Cap())
		for i := range all.Len() {
			poison(all.Index(i), depth+1)
		}
	}
}
