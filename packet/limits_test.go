package packet

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// endless is an input of prefix followed by fill repeated for ever; it
// counts the bytes it gave, which is how much of a hostile value a reader
// took in before it refused it.
type endless struct {
	prefix, fill []byte
	off          int // in fill
	n            int64
}

func (e *endless) Read(p []byte) (int, error) {
	k := copy(p, e.prefix)
	e.prefix = e.prefix[k:]
	for k < len(p) {
		c := copy(p[k:], e.fill[e.off:])
		e.off = (e.off + c) % len(e.fill)
		k += c
	}
	e.n += int64(k)
	return k, nil
}

// countingReader counts the bytes read from a finite input.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

const xmlOpen = `<GoiTin xmlns="urn:vn:gov:bnv:cbccvc:goitin:2">`

// A value over a limit is refused while it is read: the reader takes in a
// bounded number of bytes of an endless value (a few times the limit and
// a buffer), and the finding quotes none of it at length.
func TestLimitsHoldWhileReading(t *testing.T) {
	v := newTestValidator(t)
	tests := []struct {
		name, prefix, fill, pointer string
	}{
		{"json number", `{"DuLieu":[{"HeSoLuong":4`, "4", "/DuLieu/0/HeSoLuong"},
		{"json fraction", `{"DuLieu":[{"HeSoLuong":4.`, "0", "/DuLieu/0/HeSoLuong"},
		{"json string", `{"DuLieu":[{"HoVaTen":"`, "a", "/DuLieu/0/HoVaTen"},
		{"json escaped string", `{"DuLieu":[{"HoVaTen":"`, `\u0061`, "/DuLieu/0/HoVaTen"},
		{"json member name", `{"DuLieu":[{"`, "a", "/DuLieu/0"},
		{"xml text", xmlOpen + `<DuLieu><HoSo><HoVaTen>`, "a", "/DuLieu/0/HoVaTen"},
		{"xml text of references", xmlOpen + `<DuLieu><HoSo><HoVaTen>`, "&#x0000061;", "/DuLieu/0/HoVaTen"},
		{"xml comment", xmlOpen + `<DuLieu><HoSo><!--`, "a", "/DuLieu/0"},
		{"xml CDATA", xmlOpen + `<DuLieu><HoSo><HoVaTen><![CDATA[`, "a", "/DuLieu/0/HoVaTen"},
		{"xml processing instruction", xmlOpen + `<?pi `, "a", ""},
		{"xml element name", xmlOpen + `<DuLieu><HoSo><H`, "a", "/DuLieu/0"},
		{"xml attribute name", `<GoiTin a`, "a", ""},
		{"xml attribute value", `<GoiTin xmlns="`, "a", ""},
		{"xml attributes", `<GoiTin`, " a", ""}, // a duplicate is refused at once
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &endless{prefix: []byte(tt.prefix), fill: []byte(tt.fill)}
			rep, err := v.Validate(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Findings) != 1 {
				t.Fatalf("findings %v, want one", rep.Findings)
			}
			if !rep.Stopped {
				t.Error("Stopped is false")
			}
			f := rep.Findings[0]
			want := RuleFormatLimit
			if tt.name == "xml attributes" {
				want = RuleFormatSyntax
			}
			if f.Rule != want || f.Pointer != tt.pointer {
				t.Errorf("finding %s at %q, want %s at %q: %s", f.Rule, f.Pointer, want, tt.pointer, f.MessageEN)
			}
			// 12 bytes of references for one byte of text, and the buffer.
			if max := int64(12*(64<<10) + 1<<20); in.n > max {
				t.Errorf("read %d bytes of an endless value, want at most %d", in.n, max)
			}
			// Vietnamese letters take two or three bytes: count characters.
			if len(f.MessageEN) > 200 || utf8.RuneCountInString(f.MessageVI) > 200 {
				t.Errorf("messages too long: %d, %d bytes: %s", len(f.MessageEN), len(f.MessageVI), f.MessageVI)
			}
		})
	}
}

// Many distinct attributes on one element are refused at the limit, and
// cheaply: the duplicate check does not compare each with all before it.
func TestAttributeLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<GoiTin xmlns="urn:vn:gov:bnv:cbccvc:goitin:2"`)
	for i := range 300_000 {
		fmt.Fprintf(&b, ` a%d="x"`, i)
	}
	b.WriteString(`/>`)
	doc := b.String()
	for _, tt := range []struct {
		lim      Limits
		wantRule string
	}{
		{Limits{}, RuleFormatLimit},
		// Without the limit, the first attribute that is not a namespace
		// declaration is refused once the tag is read: 300,000 attributes
		// must cost linear time.
		{Limits{MaxAttributes: -1}, RuleSchema},
	} {
		v := newTestValidator(t, WithLimits(tt.lim))
		in := &countReader{r: strings.NewReader(doc)}
		rep, err := v.Validate(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Findings) != 1 || rep.Findings[0].Rule != tt.wantRule {
			t.Fatalf("limits %+v: findings %v, want one %s", tt.lim, rep.Findings, tt.wantRule)
		}
		if tt.lim.MaxAttributes == 0 && in.n > 1<<20 {
			t.Errorf("read %d bytes of the start tag, want it refused at 64 attributes", in.n)
		}
	}
}

// A number in XML is bounded as in JSON: its text is typed as a number
// for the schema, whose arithmetic on it is exact.
func TestXMLNumberLimit(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "valid", "HOSO.xml"))
	if err != nil {
		t.Fatal(err)
	}
	doc := bytes.Replace(b, []byte("<HeSoLuong>4.4</HeSoLuong>"), []byte("<HeSoLuong>4."+strings.Repeat("4", 10_000)+"</HeSoLuong>"), 1)
	if bytes.Equal(doc, b) {
		t.Fatal("no HeSoLuong 4.40 in HOSO.xml")
	}
	rep := validateString(t, newTestValidator(t), string(doc))
	if got := rules(rep.Findings); len(got) != 1 || got[0] != RuleFormatLimit+"@/DuLieu/0/Ngach/HeSoLuong" {
		t.Errorf("findings %v, want R-FMT-004 at HeSoLuong", got)
	}
}

// emptyRecords is a HOSO packet of n records {}: each breaks a dozen
// schema rules.
func emptyRecords(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"ThongTinGoiTin":{"MaGoiTin":"01a215cb-af80-7382-91f8-b0c31f83c255","LoaiGoiTin":"HOSO","PhienBan":"2.0","MaDonViGui":"000.00.00.H29","MaDonViNhan":"000.00.00.G09","ThoiGianTao":"2026-11-26T10:00:00+07:00","SoLuongBanGhi":%d},"DuLieu":[`, n)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("{}")
	}
	b.WriteString("]}")
	return b.String()
}

// 200,000 empty records made 3.4 million findings and 4 GB: the report
// lists at most MaxFindings, ends with a R-FMT-004 finding that says what
// it left out, counts every record, and the work stops growing with the
// records once the packet is known to be invalid.
func TestFindingLimitPerPacket(t *testing.T) {
	const n = 200_000
	doc := emptyRecords(n)
	v := newTestValidator(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rep, err := v.Validate(context.Background(), strings.NewReader(doc))
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	max := DefaultLimits().MaxFindings
	if rep.Records != n {
		t.Errorf("Records = %d, want %d", rep.Records, n)
	}
	if len(rep.Findings) != max+1 {
		t.Fatalf("%d findings, want %d and a last one", len(rep.Findings), max)
	}
	last := rep.Findings[max]
	if last.Rule != RuleFormatLimit || last.Severity != SeverityError || last.Pointer != "" ||
		!strings.Contains(last.MessageEN, "at most 10000") || !strings.Contains(last.MessageEN, "counted, not checked") {
		t.Errorf("last finding %+v", last)
	}
	if rep.Omitted == 0 || rep.Unchecked < n-max || rep.Valid() || rep.Stopped {
		t.Errorf("Omitted %d, Unchecked %d, Valid %v", rep.Omitted, rep.Unchecked, rep.Valid())
	}
	// Reading 600 KB of records allocates some tens of MB; listing every
	// finding took 4 GB.
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("validating %d empty records allocated %d MB", n, alloc>>20)
	if alloc > 256<<20 {
		t.Errorf("validating %d empty records allocated %d MB", n, alloc>>20)
	}
}

// A record lists at most MaxRecordFindings; its errors left out are said
// by a R-FMT-004 finding of the record, so that the record is refused as
// it would be for them; warnings left out are only counted.
func TestFindingLimitPerRecord(t *testing.T) {
	v := newTestValidator(t, WithLimits(Limits{MaxRecordFindings: 2}))
	rep := validateString(t, v, emptyRecords(2))
	var per [2][]Finding
	for _, f := range rep.Findings {
		for i := range per {
			if p := fmt.Sprintf("/DuLieu/%d", i); f.Pointer == p || strings.HasPrefix(f.Pointer, p+"/") {
				per[i] = append(per[i], f)
			}
		}
	}
	for i, fs := range per {
		if len(fs) != 3 || fs[2].Rule != RuleFormatLimit || fs[2].Pointer != fmt.Sprintf("/DuLieu/%d", i) {
			t.Errorf("record %d: findings %v, want two and a R-FMT-004 at the record", i, rules(fs))
		}
	}
	if rep.Omitted == 0 || rep.Records != 2 {
		t.Errorf("Omitted %d, Records %d", rep.Omitted, rep.Records)
	}

	b, err := os.ReadFile(filepath.Join("testdata", "valid", "HOSO.json"))
	if err != nil {
		t.Fatal(err)
	}
	warn := strings.Replace(string(b), `"Nguyễn Hữu Bình"`, `"Nguyễn  Hữu Bình "`, 1)
	warn = strings.Replace(warn, `"Phường Hòa Bình"`, `" Phường Hòa Bình"`, 1)
	v = newTestValidator(t, WithLimits(Limits{MaxRecordFindings: 1}))
	rep = validateString(t, v, warn)
	if !rep.Valid() || len(rep.Findings) != 1 || rep.Findings[0].Rule != RuleTextNormal || rep.Omitted != 1 {
		t.Errorf("two warnings over a limit of one: valid %v, findings %v, omitted %d; want valid, one warning listed, one omitted",
			rep.Valid(), rules(rep.Findings), rep.Omitted)
	}
}

// A message names a value by a short prefix: a long unknown member, a long
// unknown code or a long text not normalised is not copied into it.
func TestMessagesQuoteShortPrefix(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "valid", "HOSO.json"))
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("x", 60_000)
	for _, tt := range []struct{ name, old, new string }{
		{"unknown member", `"HoVaTen":`, `"H` + long + `":1,"HoVaTen":`},
		{"text not normal", `"Nguyễn Hữu Bình"`, `" ` + long + `"`},
		{"code", `"DanToc":"01"`, `"DanToc":"` + long + `"`},
		{"pattern", `"SoDinhDanh":"035097658496"`, `"SoDinhDanh":"` + long + `"`},
		{"kind", `"LoaiGoiTin":"HOSO"`, `"LoaiGoiTin":"` + long + `"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.Replace(string(b), tt.old, tt.new, 1)
			if doc == string(b) {
				t.Fatalf("no %s in HOSO.json", tt.old)
			}
			rep := validateString(t, newTestValidator(t, WithLimits(Limits{MaxNameLen: -1})), doc)
			if len(rep.Findings) == 0 {
				t.Fatal("no finding")
			}
			for _, f := range rep.Findings {
				if len(f.MessageEN) > 1000 || len(f.MessageVI) > 1000 {
					t.Errorf("%s at %.40s: messages of %d and %d bytes", f.Rule, f.Pointer, len(f.MessageEN), len(f.MessageVI))
				}
			}
		})
	}
}

// TestLimitsResolvedOnce checks that a limit switched off stays off on
// every path, Locate's too, which resolved the limits before the reader
// resolved them again and so turned the depth limit back on.
func TestLimitsResolvedOnce(t *testing.T) {
	if got := (Limits{MaxDepth: -1, MaxRecords: 7}).resolved(); got.MaxDepth != 0 || got.MaxRecords != 7 || got.MaxStringLen != DefaultLimits().MaxStringLen {
		t.Fatalf("resolved = %+v; want no depth limit, 7 records, the default string length", got)
	}
	data, err := os.ReadFile("testdata/valid/HOSO.json")
	if err != nil {
		t.Fatal(err)
	}
	deep := strings.Repeat("[", 40) + strings.Repeat("]", 40)
	at := bytes.Index(data, []byte(`"DuLieu"`))
	doc := append(append(append([]byte(nil), data[:at]...), `"Sau":`+deep+`,`...), data[at:]...)
	for _, c := range []struct {
		lim     Limits
		refused bool
	}{{Limits{}, true}, {Limits{MaxDepth: -1}, false}} {
		_, err := Locate(context.Background(), bytes.NewReader(doc), FormatJSON, c.lim, []string{"/ThongTinGoiTin"})
		if (err != nil) != c.refused {
			t.Errorf("Locate with %+v: %v; want refused %v", c.lim, err, c.refused)
		}
		_, _, err = Decode(bytes.NewReader(doc), FormatJSON, c.lim)
		if (err != nil) != c.refused {
			t.Errorf("Decode with %+v: %v; want refused %v", c.lim, err, c.refused)
		}
	}
}
