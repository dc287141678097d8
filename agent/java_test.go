package agent_test

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/agent"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
)

// javaClient is the client in Java a vendor would write, driving only the
// contract; the guide shows it.
const javaClient = "../examples/agent-java/Client.java"

// A program in another language validates, signs and sends a packet
// through the agent to the sandbox, every answer checked against the
// contract on the way.
func TestJavaClient(t *testing.T) {
	java, err := exec.LookPath("java")
	if err != nil {
		t.Skip("java not found: the Java client is not run (.ci/run installs a headless JDK)")
	}
	f := newFixture(t, ndxptest.Config{}, func(c *agent.Config) { c.Token = "java-test-token"; c.Upload.MaxRecords = 2 })
	ts := httptest.NewServer(checked(t, f.h))
	defer ts.Close()
	pkt := filepath.Join(t.TempDir(), "packet.json")
	if err := os.WriteFile(pkt, f.packetOf(t, packet.KindProfiles, 3, packet.FormatJSON), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(java, javaClient, ts.URL, pkt)
	cmd.Env = append(os.Environ(), "CBCCVC_AGENT_TOKEN=java-test-token")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("java Client.java: %v\n%s", err, out)
	}
	want := []string{
		"wrong token: 401 unauthorized",
		"validate: valid=true records=3",
		"sign: signed",
		"verify: verified=true agency=000.00.00.H29",
		"send: done accepted=3 refused=0",
	}
	if got := strings.TrimSpace(string(out)); got != strings.Join(want, "\n") {
		t.Errorf("java Client.java:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	if st := f.srv.Stats(); st.ProfilesStored != 3 {
		t.Errorf("the sandbox stored %d profiles, want 3", st.ProfilesStored)
	}
}
