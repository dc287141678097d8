package packet_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// The XML reader binds a record from its tokens when nothing in it could
// be wrong, and reads it again into a tree at the first doubt. These
// tests hold it to the exact path — findings, their order and messages,
// counts, the error that stops the reading, the records decoded — on
// every XML packet of the test data and the kit, on packets the generator
// makes with and without defects, on those packets broken and mutated,
// read a byte at a time, and under small limits (packet.SameOutcome
// compares the two).

// xmlCorpus returns the XML packets of the test data and the kit.
func xmlCorpus(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, root := range []string{"testdata", "../conformance"} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".xml") || strings.Contains(path, "node_modules") {
				return err
			}
			b, err := os.ReadFile(path)
			if err == nil && bytes.Contains(b, []byte("ThongTinGoiTin")) {
				out[path] = b
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) < 50 {
		t.Fatalf("only %d XML packets in the test data", len(out))
	}
	return out
}

// generatedXML returns XML packets the generator makes: of every kind, of
// both versions, without defects and with one in every record.
func generatedXML(t testing.TB, n int) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, version := range []string{"", "1.0"} {
		for seed := 1; seed <= 2; seed++ {
			for _, defects := range []bool{false, true} {
				opt := packettest.Options{Seed: uint64(seed), Version: version, PartialBirthDates: seed == 2}
				if defects {
					opt.Defects, opt.DefectEvery = packettest.DefectsFor(cmpVersion(version)), 1
				}
				for _, kind := range packet.Kinds() {
					var buf bytes.Buffer
					if err := packettest.New(opt).Packet(kind, n).Encode(&buf, packet.FormatXML); err != nil {
						t.Fatal(err)
					}
					out["packettest "+string(kind)+" "+version+" seed "+itoa(seed)+" defects "+strconv.FormatBool(defects)] = buf.Bytes()
				}
			}
		}
	}
	return out
}

var xmlLimits = []packet.Limits{{}, {MaxStringLen: 24}, {MaxDepth: 4}, {MaxNumberLen: 3}, {MaxNameLen: 10},
	{MaxElements: 150}, {MaxAttributes: 1}, {MaxRecordFindings: 2}}

// TestXMLFastSameOutcome checks every XML packet of the test data and the
// kit, and generated ones, under every limit of xmlLimits, and read a
// byte at a time.
func TestXMLFastSameOutcome(t *testing.T) {
	all := xmlCorpus(t)
	for name, data := range generatedXML(t, 6) {
		all[name] = data
	}
	for name, data := range all {
		for j, lim := range xmlLimits {
			if j%xmlRaceScale() == 0 || j == len(xmlLimits)-1 {
				packet.SameOutcome(t, name, data, lim, false)
			}
		}
		packet.SameOutcome(t, name+" one byte at a time", data, packet.Limits{}, true)
	}
}

// TestXMLFastBindsValidRecords: the fast path is taken. Every record of a
// generated packet without defects is bound from its tokens, in either
// version, and so are most records of the valid packets of the test data.
func TestXMLFastBindsValidRecords(t *testing.T) {
	for _, version := range []string{"", "1.0"} {
		for _, kind := range packet.Kinds() {
			var buf bytes.Buffer
			if err := packettest.New(packettest.Options{Seed: 3, Version: version}).Packet(kind, 20).Encode(&buf, packet.FormatXML); err != nil {
				t.Fatal(err)
			}
			fast, n, err := packet.XMLFastBound(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if n != 20 || fast != n {
				t.Errorf("%s %q: %d of %d records bound from their tokens", kind, version, fast, n)
			}
		}
	}
	data, err := os.ReadFile("testdata/valid/HOSO.xml")
	if err != nil {
		t.Fatal(err)
	}
	if fast, n, err := packet.XMLFastBound(data); err != nil || fast == 0 || fast < n-1 {
		t.Errorf("HOSO.xml: %d of %d records bound from their tokens (%v)", fast, n, err)
	}
}

// xmlBreakers are bytes that break XML where they land.
var xmlBreakers = []byte{'<', '>', '&', '/', '"', 'x', 0x01, 0xff, ' ', ':', '!'}

// xmlBreakages returns variants of a packet broken inside its records:
// cut short, and a byte replaced at many places.
func xmlBreakages(data []byte) [][]byte {
	start := bytes.Index(data, []byte("<DuLieu"))
	if start < 0 {
		return nil
	}
	var out [][]byte
	const places = 9
	for k := 1; k <= places; k++ {
		at := start + (len(data)-start)*k/(places+1)
		out = append(out, data[:at])
		for j := range 3 {
			b := bytes.Clone(data)
			b[at+j] = xmlBreakers[(3*k+j)%len(xmlBreakers)]
			out = append(out, b)
		}
	}
	return out
}

// TestXMLFastBroken checks packets broken inside their records: the
// reading stops at the same error, at the same pointer, as on the exact
// path, also when the error comes after a doubt.
func TestXMLFastBroken(t *testing.T) {
	all := xmlCorpus(t)
	for name, data := range generatedXML(t, 3) {
		all[name] = data
	}
	stopped, n := 0, 0
	for name, data := range all {
		if n++; n%xmlRaceScale() != 0 {
			continue
		}
		for i, b := range xmlBreakages(data) {
			rep := packet.SameOutcome(t, name+" broken "+strconv.Itoa(i), b, packet.Limits{}, i%7 == 0)
			if rep != nil && rep.Stopped && strings.HasPrefix(rep.Findings[len(rep.Findings)-1].Pointer, "/DuLieu/") {
				stopped++
			}
		}
	}
	if stopped < 100/xmlRaceScale() {
		t.Errorf("only %d broken packets stopped inside a record", stopped)
	}
}

// TestXMLFastMaxBytes cuts a packet at many places by MaxBytes, read a
// byte at a time.
func TestXMLFastMaxBytes(t *testing.T) {
	data, err := os.ReadFile("testdata/valid/HOSO.xml")
	if err != nil {
		t.Fatal(err)
	}
	for n := int64(1); n < int64(len(data)); n += int64(len(data)) / 37 {
		packet.SameOutcome(t, "HOSO.xml over "+strconv.FormatInt(n, 10)+" bytes", data, packet.Limits{MaxBytes: n}, true)
	}
}

// xmlLeaf is an element that holds text only.
var xmlLeaf = regexp.MustCompile(`<([A-Za-z]+)>([^<]*)</([A-Za-z]+)>`)

// xmlValueMutations are what a leaf's text becomes: values of the wrong
// type, of a wrong form, at a bound, and markup a text may hold.
var xmlValueMutations = []string{"", " ", "x", "0", "-1", "1.5", "1e2", "01", "4.680", "true", "false", "1",
	"2026-02-30", "1996", "1996-07", "&#233;", "a&amp;b", "<!-- c -->1", "<![CDATA[12]]>", " 12 ", "&#13;",
	strings.Repeat("Nguyễn ", 40), "99999999999999999999999", "<b/>", "<Muc/>"}

// xmlTagMutations change a leaf element itself: twice, renamed, with an
// attribute, in another namespace, with a prefix of the packet's own, or
// gone.
func xmlTagMutations(name, text string) []string {
	return []string{
		"<" + name + ">" + text + "</" + name + "><" + name + ">" + text + "</" + name + ">",
		"<" + name + "X>" + text + "</" + name + "X>",
		"<" + name + ` a="1">` + text + "</" + name + ">",
		"<" + name + ` xmlns="urn:x">` + text + "</" + name + ">",
		"<p:" + name + ` xmlns:p="` + packet.Namespace + `">` + text + "</p:" + name + ">",
		"<" + name + "/>",
		"",
	}
}

// xmlRaceScale is by how much the larger tests here read less under the
// race detector, which slows them tenfold.
func xmlRaceScale() int {
	if raceEnabled {
		return 6
	}
	return 1
}

// TestXMLFastMutations changes the leaves of the records of generated
// packets one at a time, in values and in tags, and checks each packet.
func TestXMLFastMutations(t *testing.T) {
	n := 0
	for name, data := range generatedXML(t, 2) {
		if strings.Contains(name, "defects true") {
			continue
		}
		for _, m := range xmlMutations(data, 4*xmlRaceScale()) {
			packet.SameOutcome(t, name+" "+m.what, m.data, packet.Limits{}, false)
			n++
		}
	}
	t.Logf("%d mutated packets", n)
}

type xmlMutation struct {
	what string
	data []byte
}

// xmlMutations returns data with one leaf of its records changed, for
// every every-th leaf and every mutation.
func xmlMutations(data []byte, every int) []xmlMutation {
	start := bytes.Index(data, []byte("<DuLieu"))
	if start < 0 {
		return nil
	}
	var out []xmlMutation
	for i, loc := range xmlLeaf.FindAllSubmatchIndex(data[start:], -1) {
		if i%every != 0 {
			continue
		}
		a, b := start+loc[0], start+loc[1]
		name, text := string(data[start+loc[2]:start+loc[3]]), string(data[start+loc[4]:start+loc[5]])
		var repl []string
		for j, v := range xmlValueMutations {
			if (i/every+j)%3 == 0 {
				repl = append(repl, "<"+name+">"+v+"</"+name+">")
			}
		}
		repl = append(repl, xmlTagMutations(name, text)[(i/every)%7])
		for _, r := range repl {
			m := append(append(append([]byte(nil), data[:a]...), r...), data[b:]...)
			out = append(out, xmlMutation{name + " → " + r, m})
		}
	}
	return out
}

// FuzzXMLFast mutates XML packets: whatever the reader binds from the
// tokens, the outcome is the exact path's.
func FuzzXMLFast(f *testing.F) {
	for _, name := range []string{"testdata/valid/BIENDONG.xml", "testdata/valid/DOIKHOP.xml", "testdata/valid/PHANHOI.xml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	var buf bytes.Buffer
	if err := packettest.New(packettest.Options{Seed: 1}).Packet(packet.KindProfiles, 2).Encode(&buf, packet.FormatXML); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		packet.SameOutcome(t, "fuzz", data, packet.Limits{MaxStringLen: 400, MaxElements: 4000}, false)
	})
}

// TestXMLFastReadHeader: ReadHeader reads the records of an XML packet
// past by the fast path, and meets the errors the trees meet, on every XML
// packet of the test data and the kit, whole and broken, under small
// limits, in memory and a byte at a time.
func TestXMLFastReadHeader(t *testing.T) {
	n := 0
	for name, data := range xmlCorpus(t) {
		for j, lim := range xmlLimits {
			if j%xmlRaceScale() == 0 {
				packet.SameHeader(t, name, data, lim, false)
			}
		}
		if n++; n%xmlRaceScale() != 0 {
			continue
		}
		for i, b := range xmlBreakages(data) {
			packet.SameHeader(t, name+" broken "+strconv.Itoa(i), b, packet.Limits{}, i%5 == 0)
		}
	}
}
