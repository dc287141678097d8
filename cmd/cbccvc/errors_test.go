package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestErrorsInBothLanguages: every error is printed the same way, the
// Vietnamese line then the English one, each after the command's name.
func TestErrorsInBothLanguages(t *testing.T) {
	dir := t.TempDir()
	pki := filepath.Join(dir, "pki")
	if code, _, errOut := runCLI(t, "testpki", "--out", pki, "--agency", "000.00.00.H29", "--key-type", "ecdsa-p256"); code != exitOK {
		t.Fatalf("testpki: %d %s", code, errOut)
	}
	unsigned := filepath.Join(dir, "hoso.json")
	runCLI(t, "generate", "--count", "1", "--sender", "000.00.00.H29", "-o", unsigned)
	wrongPass := filepath.Join(dir, "wrong.pass")
	os.WriteFile(wrongPass, []byte("sai\n"), 0o600)
	p12 := filepath.Join(pki, "000.00.00.H29.p12")

	for _, tc := range []struct {
		name   string
		args   []string
		vi, en string
	}{
		{"a missing file", []string{"sign", "--key", filepath.Join(dir, "none.p12"), unsigned}, "Không tìm thấy tệp", "no such file"},
		{"a wrong password", []string{"sign", "--key", p12, "--password-file", wrongPass, unsigned}, "Mật khẩu của tệp chứng thư số", "wrong password"},
		{"an unsigned packet", []string{"verify", "--roots", filepath.Join(pki, "root.pem"), unsigned}, "Gói tin chưa được ký số", "packet is not signed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, out, errOut := runCLI(t, tc.args...)
			text := out + errOut
			if !strings.Contains(text, tc.vi) || !strings.Contains(text, tc.en) {
				t.Errorf("want %q and %q in\n%s", tc.vi, tc.en, text)
			}
		})
	}
	_, out, _ := runCLI(t, "verify", "--json", "--roots", filepath.Join(pki, "root.pem"), unsigned)
	var r verifyResult
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Verified || !strings.Contains(r.ErrorVI, "Đề nghị") || r.Rule != "R-SIG-001" {
		t.Errorf("verify --json: %s", out)
	}
}
