package packet

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"
)

// FuzzConvert: Convert never panics, and loses nothing: a packet converted
// to JSON, then to XML, then back to JSON, is the JSON it was. (What it
// refuses, it refuses whole: the CLI and the agent write nothing then.)
func FuzzConvert(f *testing.F) {
	for _, name := range []string{"testdata/valid/BIENDONG.json", "testdata/spec/hoso.xml"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"ThongTinGoiTin":{"PhienBan":"2.0","LoaiGoiTin":"HOSO"},"DuLieu":[]}`))
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte) {
		var j bytes.Buffer
		if err := Convert(ctx, &j, bytes.NewReader(data), FormatJSON); err != nil {
			return
		}
		var x bytes.Buffer
		if err := Convert(ctx, &x, bytes.NewReader(j.Bytes()), FormatXML); err != nil {
			return // a signed packet, or a character XML cannot carry: refused, not lost
		}
		var back bytes.Buffer
		if err := Convert(ctx, &back, bytes.NewReader(x.Bytes()), FormatJSON); err != nil {
			t.Fatalf("the XML Convert wrote does not convert back: %v\n%s", err, x.Bytes())
		}
		if !bytes.Equal(back.Bytes(), j.Bytes()) {
			t.Fatalf("JSON → XML → JSON changed the packet:\n%s\n%s", j.Bytes(), back.Bytes())
		}
	})
}

func TestConvertRefusals(t *testing.T) {
	ctx := context.Background()
	signed := []byte(`{"ThongTinGoiTin":{"MaGoiTin":"0193a2c4-0000-7000-8000-000000000001","LoaiGoiTin":"HOSO","PhienBan":"2.0",` +
		`"MaDonViGui":"000.00.00.H29","MaDonViNhan":"000.00.00.G09","ThoiGianTao":"2026-11-26T10:00:00+07:00","SoLuongBanGhi":0},` +
		`"DuLieu":[],"ChuKySo":{"DinhDang":"CMS","GiaTri":"AA=="}}`)
	for _, tc := range []struct {
		name string
		in   []byte
		to   Format
		want error
	}{
		{"signed to XML", signed, FormatXML, ErrSignedToXML},
		{"records first", []byte(`{"DuLieu":[{"HoVaTen":"A"}],"ThongTinGoiTin":{"PhienBan":"2.0","LoaiGoiTin":"HOSO"}}`), FormatXML, ErrHeaderNotFirst},
		{"no target", signed, FormatAuto, ErrNil},
	} {
		err := Convert(ctx, &bytes.Buffer{}, bytes.NewReader(tc.in), tc.to)
		var ce *ConvertError
		if !errors.Is(err, tc.want) || !errors.As(err, &ce) || ce.MessageVI == "" {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	var out bytes.Buffer
	if err := Convert(ctx, &out, bytes.NewReader(signed), FormatJSON); err != nil || !bytes.Contains(out.Bytes(), []byte(`"ChuKySo"`)) {
		t.Errorf("a signed packet to JSON keeps its signature: %v\n%s", err, out.Bytes())
	}
}
