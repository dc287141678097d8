package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const specDir = "../../packet/testdata"

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		golden string
	}{
		{"valid", []string{"validate", specDir + "/spec/hoso.json", specDir + "/spec/biendong.xml"}, exitOK, "validate_valid.golden"},
		{"invalid", []string{"validate", specDir + "/invalid/R-ID-003.json", specDir + "/invalid/R-LUONG-002.xml"}, exitInvalid, "validate_invalid.golden"},
		{"json", []string{"validate", "--json", specDir + "/invalid/R-DATE-004.json", specDir + "/invalid/R-FMT-002.json"}, exitInvalid, "validate_json.golden"},
		{"format forced", []string{"validate", "--format", "xml", specDir + "/spec/hoso.json"}, exitInvalid, "validate_forced.golden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %s", code, tt.code, errOut)
			}
			golden(t, tt.golden, strings.ReplaceAll(out, specDir, "testdata"))
		})
	}
}

func TestValidateJSONShape(t *testing.T) {
	code, out, _ := runCLI(t, "validate", "--json", specDir+"/spec/hoso.json", specDir+"/invalid/R-ID-004.json")
	if code != exitInvalid {
		t.Errorf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	var first, second struct {
		File     string
		Valid    bool
		Findings []map[string]any
	}
	json.Unmarshal([]byte(lines[0]), &first)
	json.Unmarshal([]byte(lines[1]), &second)
	if !first.Valid || len(first.Findings) != 1 || first.Findings[0]["MaLoi"] != "R-DATE-006" {
		t.Errorf("first file: %+v", first)
	}
	if second.Valid || len(second.Findings) != 1 {
		t.Fatalf("second file: %+v", second)
	}
	for _, k := range []string{"MaLoi", "MucDo", "DuongDan", "MoTa"} {
		if _, ok := second.Findings[0][k]; !ok {
			t.Errorf("finding lacks %s: %v", k, second.Findings[0])
		}
	}
}

func TestValidateUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"validate"}, exitUsage},
		{[]string{"validate", "--format", "yaml", "x"}, exitUsage},
		{[]string{"validate", "/no/such/file"}, exitUsage},
		{[]string{"validate", specDir + "/spec/hoso.json", "/no/such/file"}, exitUsage},
	} {
		if code, _, _ := runCLI(t, tt.args...); code != tt.code {
			t.Errorf("%v: exit %d, want %d", tt.args, code, tt.code)
		}
	}
	// Standard input.
	b, _ := os.ReadFile(specDir + "/spec/doikhop.json")
	var stdout, stderr strings.Builder
	code := run(t.Context(), env{stdin: strings.NewReader(string(b)), stdout: &stdout, stderr: &stderr}, []string{"validate", "-"})
	if code != exitOK || !strings.Contains(stdout.String(), "-: valid") {
		t.Errorf("stdin: exit %d, %q %q", code, stdout.String(), stderr.String())
	}
}

func TestConvertRoundTrip(t *testing.T) {
	dir := t.TempDir()
	xml, back := filepath.Join(dir, "p.xml"), filepath.Join(dir, "p.json")
	if code, _, errOut := runCLI(t, "convert", "--to", "xml", specDir+"/spec/hoso.json", "-o", xml); code != exitOK {
		t.Fatalf("to xml: exit %d: %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "convert", xml, "--to", "json", "-o", back); code != exitOK {
		t.Fatalf("to json: exit %d: %s", code, errOut)
	}
	if st, err := os.Stat(back); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("output file mode %v, %v; want 0644", st.Mode(), err)
	}
	a, _ := os.ReadFile(specDir + "/spec/hoso.json")
	b, _ := os.ReadFile(back)
	var x, y any
	json.Unmarshal(a, &x)
	json.Unmarshal(b, &y)
	if ja, jb := mustMarshal(t, x), mustMarshal(t, y); ja != jb {
		t.Errorf("JSON -> XML -> JSON changed the packet:\n%s\n%s", ja, jb)
	}
}

func mustMarshal(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestConvertRefusesWhatWouldBeLost(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.xml")
	code, _, errOut := runCLI(t, "convert", "--to", "xml", specDir+"/invalid/R-ID-001.json", "-o", out)
	if code != exitInvalid || !strings.Contains(errOut, "R-ID-001") {
		t.Errorf("exit %d, stderr %q; want 1 naming R-ID-001", code, errOut)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a failed conversion left an output file")
	}
	if code, _, _ := runCLI(t, "convert", "--to", "yaml", specDir+"/spec/hoso.json"); code != exitUsage {
		t.Errorf("--to yaml: exit %d", code)
	}
	if code, _, _ := runCLI(t, "convert", "--to", "xml", "/no/such/file"); code != exitUsage {
		t.Errorf("missing file: exit %d", code)
	}
}

// A value the model cannot carry (a date that does not exist, a number its
// type does not hold) stops the conversion before anything is written,
// to a file or to standard output, however far into the packet it is.
func TestConvertRefusesValuesTheModelCannotCarry(t *testing.T) {
	dir := t.TempDir()
	spec, err := os.ReadFile(specDir + "/spec/hoso.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, old, new, pointer string }{
		{"date", `"NgaySinh": "1985-03-12"`, `"NgaySinh": "1985-02-31"`, "/DuLieu/0/NgaySinh"},
		{"number", `"HeSoLuong": 3.99`, `"HeSoLuong": 1e400`, "/DuLieu/0/Ngach/HeSoLuong"},
		{"last record", `"NgayCapNhat": "2026-11-25T08:00:00+07:00"`, `"NgayCapNhat": "2026-11-25T08:00:00.0+07:00"`, "/DuLieu/2/NgayCapNhat"},
		{"NUL", `"HoVaTen": "Nguyễn Văn An"`, `"HoVaTen": "Nguyễn\u0000Văn An"`, "/DuLieu/0/HoVaTen"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := filepath.Join(dir, c.name+".json")
			if !strings.Contains(string(spec), c.old) {
				t.Fatalf("no %s", c.old)
			}
			if err := os.WriteFile(in, []byte(strings.Replace(string(spec), c.old, c.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, to := range []string{"xml", "json"} {
				code, out, errOut := runCLI(t, "convert", "--to", to, in)
				if code != exitInvalid || out != "" || !strings.Contains(errOut, c.pointer) {
					t.Errorf("--to %s: exit %d, %d bytes out, stderr %q; want 1, nothing, %s", to, code, len(out), errOut, c.pointer)
				}
				file := filepath.Join(dir, c.name+".out."+to)
				if code, _, _ := runCLI(t, "convert", "--to", to, in, "-o", file); code != exitInvalid {
					t.Errorf("-o: exit %d", code)
				}
				if _, err := os.Stat(file); !os.IsNotExist(err) {
					t.Errorf("-o: a file was written")
				}
			}
		})
	}
}

func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "g.xml")
	if code, _, errOut := runCLI(t, "generate", "--kind", "HOSO", "--count", "25", "--seed", "9", "--format", "xml", "-o", path); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	code, out, _ := runCLI(t, "validate", path)
	if code != exitOK {
		t.Errorf("generated packet invalid: %s", out)
	}
	_, a, _ := runCLI(t, "generate", "--count", "5", "--seed", "3")
	_, b, _ := runCLI(t, "generate", "--count", "5", "--seed", "3")
	if a != b || !strings.Contains(a, `"SoLuongBanGhi":5`) {
		t.Error("generate is not deterministic")
	}
	path = filepath.Join(dir, "bad.json")
	runCLI(t, "generate", "--kind", "BIENDONG", "--count", "4", "-o", path)
	if code, out, _ := runCLI(t, "validate", path); code != exitOK {
		t.Errorf("generated BIENDONG invalid: %s", out)
	}
	path = filepath.Join(dir, "defects.json")
	runCLI(t, "generate", "--count", "4", "--defects", "under-18,owner", "-o", path)
	if code, out, _ := runCLI(t, "validate", path); code != exitInvalid || !strings.Contains(out, "R-DATE-002") || !strings.Contains(out, "R-OWN-001") {
		t.Errorf("defects: exit %d, %s", code, out)
	}
	for _, args := range [][]string{{"generate", "--kind", "DOIKHOP"}, {"generate", "--count", "-1"}, {"generate", "--defects", "nope"}, {"generate", "--sender", "h29"}, {"generate", "--format", "csv"}} {
		if code, _, _ := runCLI(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, out, _ := runCLI(t, "generate", "--defects", "list"); code != exitOK || !strings.Contains(out, "R-LUONG-002") {
		t.Errorf("--defects list: %d %s", code, out)
	}
}

// A packet of more findings than the validator lists says how many it left
// out, in the text and in --json.
func TestValidateOmitted(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"ThongTinGoiTin":{"MaGoiTin":"01a215cb-af80-7382-91f8-b0c31f83c255","LoaiGoiTin":"HOSO","PhienBan":"1.0","MaDonViGui":"000.00.00.H29","MaDonViNhan":"000.00.00.G09","ThoiGianTao":"2026-11-26T10:00:00+07:00","SoLuongBanGhi":2000},"DuLieu":[{}`)
	b.WriteString(strings.Repeat(",{}", 1999))
	b.WriteString("]}")
	path := filepath.Join(t.TempDir(), "empty.json")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, "validate", path)
	if code != exitInvalid || !strings.Contains(out, "more not listed") {
		t.Errorf("exit %d, output ends %q", code, out[max(0, len(out)-300):])
	}
	code, out, _ = runCLI(t, "validate", "--json", path)
	var res struct {
		Findings []map[string]any
		Omitted  int
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != exitInvalid || res.Omitted == 0 || len(res.Findings) != 10_001 {
		t.Errorf("exit %d, %d findings, %d omitted, %v", code, len(res.Findings), res.Omitted, err)
	}
}
