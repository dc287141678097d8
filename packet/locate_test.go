package packet_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// TestLocate finds the value of every finding of a packet with defects, in
// JSON and in XML, and the nearest ancestor of a value the packet lacks.
func TestLocate(t *testing.T) {
	g := packettest.New(packettest.Options{Seed: 3, Defects: packettest.Defects()})
	p := g.Packet(packet.KindProfiles, len(packettest.Defects())+2)
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			if err := p.Encode(&buf, f); err != nil {
				t.Fatal(err)
			}
			text := buf.Bytes()
			var ptrs []string
			for i, d := range packettest.Defects() {
				ptrs = append(ptrs, fmt.Sprintf("/DuLieu/%d%s", i, d.Field()))
			}
			missing := "/DuLieu/1/KhongCo/0"
			ptrs = append(ptrs, missing, "/ThongTinGoiTin/MaGoiTin", "")
			locs, err := packet.Locate(context.Background(), bytes.NewReader(text), packet.FormatAuto, packet.Limits{}, ptrs)
			if err != nil {
				t.Fatal(err)
			}
			for _, ptr := range ptrs {
				loc, ok := locs[ptr]
				if !ok {
					t.Errorf("%q not located", ptr)
					continue
				}
				got := string(text[loc.Start:loc.End])
				want := ptr
				if ptr == missing {
					want = "/DuLieu/1"
				}
				if loc.At != want {
					t.Errorf("%q located at %q, want %q", ptr, loc.At, want)
				}
				last := want[strings.LastIndexByte(want, '/')+1:]
				switch {
				case ptr == "":
					if strings.TrimSpace(string(text[:loc.Start])) != "" && f == packet.FormatJSON || strings.TrimSpace(string(text[loc.End:])) != "" {
						t.Errorf("the root spans %v of %d bytes", loc.Span, len(text))
					}
				case f == packet.FormatXML && last[0] >= '0' && last[0] <= '9':
					if !strings.HasPrefix(got, "<") || !strings.HasSuffix(got, ">") {
						t.Errorf("%q: %q is not an element", ptr, got)
					}
				case f == packet.FormatXML:
					if !strings.HasPrefix(got, "<"+last+">") || !strings.HasSuffix(got, "</"+last+">") {
						t.Errorf("%q: %.80q is not the element %s", ptr, got, last)
					}
				case strings.HasPrefix(got, "{"):
					if !strings.HasSuffix(got, "}") {
						t.Errorf("%q: %.80q", ptr, got)
					}
				case strings.HasPrefix(got, `"`):
					if !strings.HasSuffix(got, `"`) || len(got) < 2 {
						t.Errorf("%q: %q", ptr, got)
					}
				}
			}
		})
	}
}

// TestLocateMalformed returns what was found before the packet broke, and
// the error.
func TestLocateMalformed(t *testing.T) {
	text := `{"ThongTinGoiTin":{"MaGoiTin":"x"},"DuLieu":[{"HoVaTen":"A"},{"HoVaTen":`
	locs, err := packet.Locate(context.Background(), strings.NewReader(text), packet.FormatJSON, packet.Limits{},
		[]string{"/ThongTinGoiTin/MaGoiTin", "/DuLieu/0/HoVaTen", "/DuLieu/1/HoVaTen"})
	if err == nil {
		t.Fatal("no error for a truncated packet")
	}
	if got := locs["/ThongTinGoiTin/MaGoiTin"]; text[got.Start:got.End] != `"x"` {
		t.Errorf("MaGoiTin at %v", got)
	}
	if got := locs["/DuLieu/0/HoVaTen"]; text[got.Start:got.End] != `"A"` {
		t.Errorf("HoVaTen at %v", got)
	}
	if _, ok := locs["/DuLieu/1/HoVaTen"]; ok {
		t.Error("a value past the break was located")
	}
}

// FuzzLocate checks that Locate never panics and that every span it
// returns lies inside the input, in order, and names a pointer asked for
// or an ancestor of it.
func FuzzLocate(f *testing.F) {
	g := packettest.New(packettest.Options{Seed: 9, Defects: packettest.Defects()[:3]})
	for _, fm := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		var buf bytes.Buffer
		if err := g.Packet(packet.KindProfiles, 2).Encode(&buf, fm); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes(), "/DuLieu/0/Ngach/HeSoLuong")
	}
	f.Add([]byte(`{"DuLieu":[{"a/b":{"~":1}}]}`), "/DuLieu/0/a~1b/~0")
	f.Add([]byte(`<GoiTin xmlns="urn:vn:gov:bnv:cbccvc:goitin:2"><DuLieu><HoSo><QuaTrinhCongTac><GiaiDoan/></QuaTrinhCongTac></HoSo></DuLieu></GoiTin>`), "/DuLieu/0/QuaTrinhCongTac/0")
	f.Fuzz(func(t *testing.T, data []byte, ptr string) {
		lim := packet.Limits{MaxBytes: 1 << 20, MaxDepth: 32, MaxStringLen: 4096, MaxElements: 10000}
		locs, _ := packet.Locate(context.Background(), bytes.NewReader(data), packet.FormatAuto, lim, []string{ptr, "/DuLieu/0"})
		for p, l := range locs {
			if l.Start < 0 || l.End < l.Start || l.End > int64(len(data)) {
				t.Fatalf("%q at %v in %d bytes", p, l.Span, len(data))
			}
			if l.At != p && !strings.HasPrefix(p, l.At+"/") && l.At != "" {
				t.Fatalf("%q located at %q, not an ancestor", p, l.At)
			}
		}
	})
}
