package packet

import (
	"fmt"

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
