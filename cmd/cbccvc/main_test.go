package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// runCLI runs the command line in-process and returns its exit code and
// outputs.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr}, args)
	return code, stdout.String(), stderr.String()
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

func TestID(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		golden string
	}{
		{"all valid", []string{"id", "000.00.12.H29", "H29.12.01", "079085001234", "H2920001234507", "7912345678", "VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/v1"}, exitOK, "id_valid.golden"},
		{"some invalid", []string{"id", "000.05.00.H29", "012345678", "H2920001234508", "79123", "VN:ORG:X", "hello", "000.00.00.H54"}, exitInvalid, "id_invalid.golden"},
		{"abroad", []string{"id", "003085001234", "200192004567"}, exitOK, "id_abroad.golden"},
		{"json", []string{"id", "--json", "000.00.12.H29", "000.00.00.G09", "040192004567", "H2930001234652", "7912345678", "VN:GOV:000.00.00.H29:QLCB", "07908500123A", "?"}, exitInvalid, "id_json.golden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			golden(t, tt.golden, out)
		})
	}
}

func TestIDJSONShape(t *testing.T) {
	code, out, _ := runCLI(t, "id", "--json", "079085001234", "000.00.12.H29", "000.00.00.H29", "012345678")
	if code != exitInvalid {
		t.Errorf("exit %d, want %d", code, exitInvalid)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want one per value:\n%s", len(lines), out)
	}
	var got []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		for _, k := range []string{"value", "kind", "valid", "parts", "error"} {
			if _, ok := m[k]; !ok {
				t.Errorf("line %q lacks %q", l, k)
			}
		}
		got = append(got, m)
	}
	personal := got[0]["parts"].(map[string]any)
	if personal["province"] != "TP. Hồ Chí Minh" || personal["gender"] != "male" || personal["birthYear"] != float64(1985) {
		t.Errorf("personal parts = %v", personal)
	}
	if personal["birthplace"] != "province" || personal["birthplaceCode"] != "079" || personal["provinceCode"] != "079" || got[0]["warnings"] != nil {
		t.Errorf("personal parts = %v, warnings %v", personal, got[0]["warnings"])
	}
	agency := got[1]["parts"].(map[string]any)
	if agency["level"] != float64(2) || agency["level1"] != "H29" || agency["parent"] != "000.00.00.H29" || agency["canonical"] != "000.00.12.H29" {
		t.Errorf("agency parts = %v", agency)
	}
	if _, ok := got[2]["parts"].(map[string]any)["parent"]; ok {
		t.Error("a level-1 agency code has a parent")
	}
	if got[3]["valid"] != false || got[3]["kind"] != "personal" || !strings.Contains(got[3]["error"].(string), "CMND") {
		t.Errorf("old ID card = %v", got[3])
	}
	if got[0]["error"] != nil {
		t.Errorf("valid value has error %v", got[0]["error"])
	}
}

// A personal ID whose digits 1-3 are no province code is valid: they may
// name the country where the birth was registered abroad, and the tool says
// both readings instead of refusing it.
func TestIDBirthplaceAbroad(t *testing.T) {
	code, out, _ := runCLI(t, "id", "--json", "200192004567")
	if code != exitOK {
		t.Errorf("exit %d, want %d", code, exitOK)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%q: %v", out, err)
	}
	parts := got["parts"].(map[string]any)
	if got["valid"] != true || got["error"] != nil || parts["birthplace"] != "province or country" || parts["birthplaceCode"] != "200" ||
		parts["gender"] != "female" || parts["birthYear"] != float64(1992) {
		t.Errorf("got %v", got)
	}
	if _, ok := parts["province"]; ok {
		t.Errorf("a code that is no province code has a province: %v", parts)
	}
	warnings, _ := got["warnings"].([]any)
	if len(warnings) != 1 || !strings.Contains(warnings[0].(string), "country where the birth was registered abroad") {
		t.Errorf("warnings = %v", got["warnings"])
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{nil, exitUsage, "Usage: cbccvc"},
		{[]string{"nope"}, exitUsage, `unknown command "nope"`},
		{[]string{"id"}, exitUsage, "no value given"},
		{[]string{"id", "--bogus", "H29"}, exitUsage, "flag provided but not defined"},
		{[]string{"id", "-h"}, exitOK, "Usage: cbccvc id"},
		{[]string{"verify", "x.json"}, exitUsage, "give --roots"},
		// A report that cannot be written: the sandbox could not do its job.
		{[]string{"sandbox", "--report", filepath.Join(t.TempDir(), "no", "such", "dir.json")}, exitUsage, "--report"},
	}
	for _, tt := range tests {
		code, _, errOut := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("cbccvc %v: exit %d, stderr %q; want %d and %q", tt.args, code, errOut, tt.code, tt.stderr)
		}
	}
	if code, out, _ := runCLI(t, "help"); code != exitOK || !strings.Contains(out, "id ") {
		t.Errorf("cbccvc help: exit %d, %q", code, out)
	}
}

// TestExitCode: the code an error carries survives the context wrapped
// around it; any other error means that the command could not do its job,
// printed in both languages; exit(exitOK) is no error.
func TestExitCode(t *testing.T) {
	for _, tc := range []struct {
		name   string
		err    error
		code   int
		stderr string
	}{
		{"nil", nil, exitOK, ""},
		{"exit 0", exit(exitOK), exitOK, ""},
		{"printed already", exit(exitInvalid), exitInvalid, ""},
		{"invalid, wrapped", fmt.Errorf("FILE: %w", invalid(errors.New("bad"))), exitInvalid, "cbccvc x: FILE: bad\n"},
		{"any other error", fs.ErrNotExist, exitUsage, "cbccvc x: Không tìm thấy tệp. Đề nghị kiểm tra lại đường dẫn.\ncbccvc x: file does not exist\n"},
		{"help", &exitError{Code: exitOK}, exitOK, ""},
	} {
		var stderr bytes.Buffer
		if code := exitCode(env{stderr: &stderr}, "x", tc.err); code != tc.code || !strings.HasSuffix(stderr.String(), tc.stderr) {
			t.Errorf("%s: exit %d, stderr %q; want %d, %q", tc.name, code, stderr.String(), tc.code, tc.stderr)
		}
	}
}
