package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// BenchmarkXMLSec1 signs and verifies the same XML packet, 10,000 profiles
// of the generator's seed 1 (cbccvc generate --count 10000 --format xml),
// with the same RSA-2048 key, as whole processes: cbccvc sign and verify,
// and xmlsec1 --sign and --verify, both by RSA PKCS #1 v1.5, the one RSA
// method xmlsec1 1.2 has. An op is one signing and one verification, each
// of its own signed file; sign-ns/op and verify-ns/op are the two apart,
// cpu-ns/op the processes' CPU time (user and system).
func BenchmarkXMLSec1(b *testing.B) {
	xmlsec1, err := exec.LookPath("xmlsec1")
	if err != nil {
		b.Skip("xmlsec1 not found in PATH: the xmlsec1 comparison is skipped (apt-get install xmlsec1; .ci/run installs it)")
	}
	bin := cbccvcBinary(b)
	dir := b.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }
	runTool(b, bin, "testpki", "--out", path("pki"))
	runTool(b, bin, "generate", "--count", "10000", "--seed", "1", "--format", "xml", "-o", path("packet.xml"))
	pkt, err := os.ReadFile(path("packet.xml"))
	if err != nil {
		b.Fatal(err)
	}
	end := bytes.LastIndex(pkt, []byte("</GoiTin>"))
	tmpl := append(append(bytes.Clone(pkt[:end]), signingtest.XMLSec1Template("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")+"\n"...), pkt[end:]...)
	if err := os.WriteFile(path("template.xml"), tmpl, 0o600); err != nil {
		b.Fatal(err)
	}
	key, cert := path("pki/000.00.00.H29.key.pem"), path("pki/000.00.00.H29.cert.pem")
	tools := []struct {
		name         string
		sign, verify []string
	}{
		{"cbccvc",
			[]string{bin, "sign", "--algorithm", "rsa-pkcs1v15", "--key", key, "--cert", cert, path("packet.xml"), "-o", path("cbccvc.xml")},
			[]string{bin, "verify", "--roots", path("pki/root.pem"), path("cbccvc.xml")}},
		{"xmlsec1",
			[]string{xmlsec1, "--sign", "--privkey-pem", key + "," + cert, "--output", path("xmlsec1.xml"), path("template.xml")},
			[]string{xmlsec1, "--verify", "--trusted-pem", path("pki/root.pem"), "--untrusted-pem", path("pki/intermediate.pem"),
				"--enabled-reference-uris", "empty", path("xmlsec1.xml")}},
	}
	for _, tool := range tools {
		b.Run(tool.name, func(b *testing.B) {
			b.SetBytes(int64(len(pkt)))
			var sign, verify, cpu time.Duration
			for b.Loop() {
				wall, c := runTool(b, tool.sign...)
				sign, cpu = sign+wall, cpu+c
				wall, c = runTool(b, tool.verify...)
				verify, cpu = verify+wall, cpu+c
			}
			n := float64(b.N)
			b.ReportMetric(float64(sign.Nanoseconds())/n, "sign-ns/op")
			b.ReportMetric(float64(verify.Nanoseconds())/n, "verify-ns/op")
			b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/op")
		})
	}
}

// runTool runs a process, failing b if it fails, and returns its wall-clock
// and CPU time.
func runTool(b *testing.B, argv ...string) (wall, cpu time.Duration) {
	b.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s %v: %v\n%s", filepath.Base(argv[0]), argv[1:], err, out.Bytes())
	}
	wall = time.Since(start)
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}
