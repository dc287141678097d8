package jsontext

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"math"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/internal/clip"

	"github.com/google/go-cmp/cmp"
)

// skipRead reads a document as the packet reader does when it needs the
// header only: the top level with Value, the values one level below — the
// members of an object, the elements of an array that is a member's value
// — with one Skipper, reused.
func skipRead(d *Decoder) error {
	var s Skipper
	c, err := d.Peek()
	if err != nil {
		return err
	}
	if c != '{' {
		if c == '[' {
			return skipElements(d, &s)
		}
		if err := s.Skip(d); err != nil {
			return err
		}
		return d.End()
	}
	if err := d.BeginObject(); err != nil {
		return err
	}
	seen := map[string]bool{}
	for first := true; ; first = false {
		k, more, err := d.NextMember(first)
		if err != nil {
			return err
		}
		if !more {
			return d.End()
		}
		d.PushKey(k)
		if seen[k] {
			return d.fail(DuplicateKey, fmt.Sprintf("duplicate key %q", clip.String(k)))
		}
		seen[k] = true
		if c, perr := d.Peek(); perr == nil && c == '[' {
			err = skipArray(d, &s)
		} else {
			err = s.Skip(d)
		}
		if err != nil {
			return err
		}
		d.Pop()
	}
}

// skipElements skips the elements of the array that is the document.
func skipElements(d *Decoder, s *Skipper) error {
	if err := skipArray(d, s); err != nil {
		return err
	}
	return d.End()
}

func skipArray(d *Decoder, s *Skipper) error {
	if err := d.BeginArray(); err != nil {
		return err
	}
	for i := 0; ; i++ {
		more, err := d.NextElement(i == 0)
		if err != nil || !more {
			return err
		}
		d.PushIndex(i)
		if err := s.Skip(d); err != nil {
			return err
		}
		d.Pop()
	}
}

// treeRead is skipRead reading with Value.
func treeRead(d *Decoder) error {
	_, err := d.Value()
	if err != nil {
		return err
	}
	return d.End()
}

// sameSkip checks that skipping doc's values meets what reading them with
// Value meets: the same error (kind, offset, pointer, message and cause),
// or none, with the reader at the same offset.
func sameSkip(t *testing.T, doc []byte, lim Limits, cut int) {
	t.Helper()
	for _, src := range sources(cut) {
		dv, ds := src.dec(doc, lim), src.dec(doc, lim)
		werr, gerr := treeRead(dv), skipRead(ds)
		if diff := cmp.Diff(errString(werr), errString(gerr)); diff != "" {
			t.Fatalf("%q with %+v, %s: errors differ (-Value +Skip):\n%s", doc, lim, src.name, diff)
		}
		if dv.Offset() != ds.Offset() {
			t.Fatalf("%q with %+v, %s: Value ends at %d, Skip at %d", doc, lim, src.name, dv.Offset(), ds.Offset())
		}
	}
}

var skipDocs = append([]string{
	`{"a":{"b":1,"c":2,"d":3,"e":4,"f":5,"g":6,"h":7,"i":8,"j":9,"k":10,"b":11}}`,
	`{"a":{"b":1,"c":2,"d":3,"e":4,"f":5,"g":6,"h":7,"i":8,"j":9,"k":10,"l":{"m":1,"b":2}}}`,
	`[{"a":1,"b":{"c":1,"c~/":[1,{"x":1,"x":2}]}}]`,
	`[{"é":1,"\u00e9":2}]`,
	`[{"a\/b":1,"a/b":2}]`,
	`[[],{},[{}],{"":{"":1}},{"":1,"":2}]`,
	`["a",1,true,false,null,-0.5e+3,{"a":[nul]}]`,
	`{"a":1,"b":{"c":[1,2,3]}, "c" : { "x" : [ ] } }`,
	`{"x":[{"a":1},{"a":2}],"y":{"a":[1,{"a":[{"a":"\u0000"}]}]}}`,
	`"just a string"`,
	`12`,
	`[1,2,]`,
	`{"a":[1,2}`,
	`{"a":"\u12"}`,
}, splitDocs...)

// manyKeys is an object with n members, the last one's key the same as
// the dup-th's (none when dup < 0), to try the hash table.
func manyKeys(n, dup int) string {
	var b strings.Builder
	b.WriteString(`{"big":{`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"k%d":{"in":[%d,{"k%d":1,"k%d":2}]}`, i, i, i, i+1)
	}
	if dup >= 0 {
		fmt.Fprintf(&b, `,"k%d":0`, dup)
	}
	b.WriteString(`},"after":{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k1":0}}`)
	return b.String()
}

// TestSkipIsValue checks that a Skipper meets what Value meets, on every
// way the input arrives, with and without limits, and with the input
// failing or going over MaxBytes along the way.
func TestSkipIsValue(t *testing.T) {
	docs := append(skipDocs, manyKeys(9, -1), manyKeys(9, 8), manyKeys(200, -1), manyKeys(200, 3), manyKeys(200, 199))
	limits := []Limits{{}, {MaxDepth: 6, MaxStringLen: 20, MaxNameLen: 12, MaxNumberLen: 12}, {MaxDepth: 2}, {MaxNameLen: 3}}
	for _, doc := range docs {
		for _, lim := range limits {
			for cut := 0; cut <= len(doc); cut += 1 + len(doc)/6 {
				sameSkip(t, []byte(doc), lim, cut)
				lim := lim
				lim.MaxBytes = int64(cut)
				if cut > 0 {
					sameSkip(t, []byte(doc), lim, len(doc))
				}
			}
		}
	}
}

// TestSkipGenerationsWrap checks that the key tables stay right when the
// generations that tell one object's entries from another's run out,
// with objects open that have tables.
func TestSkipGenerationsWrap(t *testing.T) {
	for _, doc := range []string{manyKeys(30, -1), manyKeys(30, 29), manyKeys(30, 0)} {
		want := treeRead(NewBytesDecoder([]byte(doc), Limits{}))
		for back := uint32(0); back < 40; back++ {
			s := Skipper{gen: math.MaxUint32 - back}
			d := NewBytesDecoder([]byte(doc), Limits{})
			err := s.Skip(d)
			if err == nil {
				err = d.End()
			}
			if errString(err) != errString(want) {
				t.Fatalf("%d generations before the wrap: %v, want %v", back, err, want)
			}
		}
	}
}

// TestSkipAllocations checks that skipping records allocates nothing once
// the Skipper has grown.
func TestSkipAllocations(t *testing.T) {
	rec := `{"HoVaTen":"Nguyễn Văn An","QuaTrinh":[{"Tu":"2020-01-01","HeSo":4.34,"Ghi":"a \"b\" c"}],` +
		`"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":{"x":true,"y":null}}`
	doc := "[" + strings.Repeat(rec+",", 999) + rec + "]"
	d := NewBytesDecoder([]byte(doc), Limits{MaxDepth: 10, MaxStringLen: 100})
	if err := d.BeginArray(); err != nil {
		t.Fatal(err)
	}
	var s Skipper
	i := 0
	allocs := testing.AllocsPerRun(999, func() {
		if ok, err := d.NextElement(i == 0); !ok || err != nil {
			t.Fatal(ok, err)
		}
		i++
		if err := s.Skip(d); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per record", allocs)
	}
}

// FuzzSkip is TestSkipIsValue on any input, limits and cut.
func FuzzSkip(f *testing.F) {
	for _, doc := range skipDocs {
		f.Add([]byte(doc), uint8(0), uint16(0), uint8(3))
	}
	f.Add([]byte(manyKeys(12, 11)), uint8(0), uint16(0), uint8(3))
	f.Fuzz(func(t *testing.T, doc []byte, small uint8, maxBytes uint16, cut uint8) {
		lim := Limits{MaxDepth: 64, MaxBytes: int64(maxBytes)}
		if small&1 != 0 {
			lim = Limits{MaxDepth: 5, MaxStringLen: 12, MaxNameLen: 6, MaxNumberLen: 8, MaxBytes: int64(maxBytes)}
		}
		sameSkip(t, doc, lim, int(cut))
	})
}

// profileRecord is a record of a profile packet, with a string escape.
const profileRecord = `{"SoDinhDanh":"035097658496","HoVaTen":"Nguyễn Hữu Bình","GioiTinh":"1","NgaySinh":"1997-06-28","NoiSinh":{"MaDonViHanhChinh":"11","ChiTiet":"Phường Hòa Bình","QuocGia":"VN"},"DanToc":"01","SoBHXH":"1148974373","Email":"binhnh.1@snv.gov.vn","MaDonViQuanLy":"000.00.23.H29","Ngach":{"MaNgach":"01.002","BacLuong":1,"HeSoLuong":4.4,"NgayHuong":"2025-05-07"},"QuaTrinhLuong":[{"NgayHuong":"2007-01-13","MaNgach":"V.07.01.02","BacLuong":1,"HeSoLuong":4.4},{"NgayHuong":"2010-01-01","MaNgach":"V.07.01.02","BacLuong":2,"HeSoLuong":4.74}],"QuanHeGiaDinh":[{"QuanHe":"VO","HoVaTen":"Nguyễn Thị Quỳnh","NamSinh":1996,"ThongTin":"Giáo viên \"tốt\""}]}`

// sortedRecord is a record as a canonical packet has it: keys in
// ascending order, some sharing their first bytes, numbers of every form.
const sortedRecord = `{"BacLuong":2,"DanToc":"01","HeSoLuong":4.74,"HoVaTen":"Trần Thị Ánh","NgaySinh":"1990-01-02","Ngach":{"BacLuong":-1,"HeSoLuong":0.5e-3,"MaNgach":"V.07.01.02"},` +
	`"NoiSinh":{"ChiTiet":"Xã Đông Hòa\u00e9\n","MaDonViHanhChinh":"11","QuocGia":"VN"},"QuaTrinh":[{"A":1,"AB":2,"B":3,"a":4,"b":[true,false,null,[],{}]},[0,-0,1E+2,12.5]],"Z":"","ZZ":{"":0,"a":"\\"}}`

// fastCase is a document and the limits fast and skip read it under, as a
// record ReadHeaderBytes cuts out is read.
var fastAt = At{Offset: 1000, Pointer: "/DuLieu/7", Depth: 2}

// sameFast checks fast against the reference reading, skip, on doc read
// as a record: when fast says the value is fine, skip reads it to the same
// end without an error. And fast does not give up on what it is for: when
// skip reads an object or array without an error and doc has no escape,
// fast must say fine too. It then checks that Skip, which tries fast
// first, meets what Value meets, error and offset.
func sameFast(t *testing.T, s *Skipper, doc []byte, lim Limits) {
	t.Helper()
	sameFastValue(t, s, doc, lim, NewBytesDecoder(nil, lim))
}

// sameFastValue is sameFast with the decoder Value reads with, whose
// caches a test that reads many documents under the same limits keeps.
func sameFastValue(t *testing.T, s *Skipper, doc []byte, lim Limits, dv *Decoder) {
	t.Helper()
	df, dr := NewBytesDecoder(nil, lim), NewBytesDecoder(nil, lim)
	df.ResetAt(doc, fastAt)
	dr.ResetAt(doc, fastAt)
	if df.err == nil {
		if s.seed == (maphash.Seed{}) {
			s.seed = maphash.MakeSeed()
		}
		end, ok := s.fast(df)
		var r Skipper
		r.seed = maphash.MakeSeed()
		rerr := r.skip(dr)
		if ok && (rerr != nil || dr.pos != end) {
			t.Fatalf("%q with %+v: fast says fine up to %d, skip ends at %d with %v", doc, lim, end, dr.pos, rerr)
		}
		c, _ := NewBytesDecoder(doc, Limits{}).Peek()
		if !ok && rerr == nil && (c == '{' || c == '[') && !bytes.Contains(doc, []byte{'\\'}) {
			t.Fatalf("%q with %+v: fast gives up on a value skip reads to %d without an error", doc, lim, dr.pos)
		}
	}
	ds := NewBytesDecoder(nil, lim)
	dv.ResetAt(doc, fastAt)
	ds.ResetAt(doc, fastAt)
	_, werr := dv.Value()
	gerr := s.Skip(ds)
	if want, got := errString(werr), errString(gerr); got != want {
		t.Fatalf("%q with %+v: errors differ (-Value +Skip):\n%s", doc, lim, cmp.Diff(want, got))
	}
	if dv.Offset() != ds.Offset() {
		t.Fatalf("%q with %+v: Value ends at %d, Skip at %d", doc, lim, dv.Offset(), ds.Offset())
	}
}

// fastLimits are no limits, and limits the test records go over.
var fastLimits = []Limits{{}, {MaxDepth: 4, MaxStringLen: 14, MaxNameLen: 8, MaxNumberLen: 4}}

// mutations are the bytes TestSkipFastMutations puts in a record, each
// in place of every byte: JSON's punctuation, the bytes of
// numbers and literals, white space, a control character, and bytes that
// break UTF-8.
const mutations = "\"\\{}[],:01-+.eEtfnu \n\x1f\xc3\xa9\xed\xff"

// inserted are the mutations also put before every byte.
const inserted = "\"\\{[,:0 \xc3"

// TestSkipFastMutations checks the fast path against the reference on
// records with every byte deleted, replaced or preceded by another, under
// limits and without: nothing fast calls fine is not, and a well-formed
// record without escapes is read fast.
func TestSkipFastMutations(t *testing.T) {
	var s Skipper
	var dvs []*Decoder
	for _, lim := range fastLimits {
		dvs = append(dvs, NewBytesDecoder(nil, lim))
	}
	for _, rec := range []struct{ doc, muts string }{
		{profileRecord, mutations}, {sortedRecord, mutations},
		{manyKeys(12, 11), `"k}`}, // long: the keys' hash tables, with fewer mutations
	} {
		doc := []byte(rec.doc)
		for i := range doc {
			muts := [][]byte{append(doc[:i:i], doc[i+1:]...)}
			for _, c := range []byte(rec.muts) {
				muts = append(muts, append(append(doc[:i:i], c), doc[i+1:]...))
				if strings.IndexByte(inserted, c) >= 0 {
					muts = append(muts, append(append(doc[:i:i], c), doc[i:]...))
				}
			}
			for _, m := range muts {
				for k, lim := range fastLimits {
					sameFastValue(t, &s, m, lim, dvs[k])
				}
			}
		}
	}
}

// TestSkipFastReadsRecords checks that well-formed records, canonical or
// not, escapes in their values included, take the fast path.
func TestSkipFastReadsRecords(t *testing.T) {
	var s Skipper
	s.seed = maphash.MakeSeed()
	var many strings.Builder // an object of 200 keys out of order
	for i := range 200 {
		fmt.Fprintf(&many, `,"k%d":{"k%d":[%d]}`, (i*37)%200, i, i)
	}
	for _, rec := range []string{profileRecord, sortedRecord, "{" + many.String()[1:] + "}", `[{"a":"\"\u00e9\t"}]`, ` {}`, `[]`} {
		d := NewBytesDecoder([]byte(rec), Limits{MaxDepth: 8, MaxStringLen: 100, MaxNameLen: 20, MaxNumberLen: 10})
		if end, ok := s.fast(d); !ok || end != len(rec) {
			t.Errorf("%q: fast gives %d, %v; want %d, true", rec, end, ok, len(rec))
		}
	}
}

// FuzzSkipFast is TestSkipFastMutations on any input and limits.
func FuzzSkipFast(f *testing.F) {
	for _, doc := range append(skipDocs, profileRecord, sortedRecord, manyKeys(12, 11)) {
		f.Add([]byte(doc), uint8(0))
		f.Add([]byte(doc), uint8(1))
	}
	f.Fuzz(func(t *testing.T, doc []byte, small uint8) {
		var s Skipper
		sameFast(t, &s, doc, fastLimits[int(small)%len(fastLimits)])
	})
}

// BenchmarkSkip measures checking records without reading them into
// trees, beside reading them with Value, on the records of a profile
// packet.
func BenchmarkSkip(b *testing.B) {
	rec := profileRecord
	doc := []byte("[" + strings.Repeat(rec+",\n", 999) + rec + "]")
	for _, r := range []struct {
		name string
		read func(d *Decoder, s *Skipper) error
	}{
		{"Skip", func(d *Decoder, s *Skipper) error { return s.Skip(d) }},
		{"Value", func(d *Decoder, _ *Skipper) error { _, err := d.Value(); return err }},
	} {
		b.Run(r.name, func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			var s Skipper
			for b.Loop() {
				d := NewBytesDecoder(doc, Limits{MaxDepth: 64})
				if err := d.BeginArray(); err != nil {
					b.Fatal(err)
				}
				for i := 0; ; i++ {
					more, err := d.NextElement(i == 0)
					if err != nil {
						b.Fatal(err)
					}
					if !more {
						break
					}
					if err := r.read(d, &s); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
