package packet

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// What the XML encoder writes is valid against the published XSD.
func TestEncodedXMLPassesXSD(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed (apt-get install libxml2-utils): the XSD check of the XML encoder is skipped")
	}
	dir := t.TempDir()
	for _, v := range []struct{ spec, xsd string }{{"spec", "."}, {"spec1", "v1"}} {
		files, _ := filepath.Glob(filepath.Join("testdata", v.spec, "*.json"))
		for _, path := range files {
			p := decodeFile(t, path)
			out := filepath.Join(dir, v.spec+"-"+filepath.Base(path)+".xml")
			if err := os.WriteFile(out, []byte(mustXML(t, p)), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(xmllint, "--noout", "--schema", filepath.Join("schema", v.xsd, "goitin.xsd"), out)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%s as XML fails the XSD of %s: %v\n%s", path, v.xsd, err, b)
			}
		}
	}
}
