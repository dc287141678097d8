// A client of the cbccvc local agent (cbccvc serve) in Java, using only
// the JDK (java.net.http) and the agent's OpenAPI contract: it validates a
// packet, signs it with the agent's key, verifies the signature, and sends
// its records to the national database as a job, polling the job until it
// ends. Run it with Java 17 or later, without compiling:
//
//   CBCCVC_AGENT_TOKEN=... java Client.java http://127.0.0.1:8357 packet.json
//
// The token comes from the environment, never from the command line. A
// real client parses the answers with its JSON library (Jackson, Gson);
// this one reads the few members it needs with a regular expression, to
// stay one file with no dependency.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Client {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;

    Client(String base, String token) {
        this.base = base.replaceAll("/+$", "");
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java Client.java AGENT_URL PACKET_FILE (token in CBCCVC_AGENT_TOKEN)");
            System.exit(2);
        }
        String token = System.getenv().getOrDefault("CBCCVC_AGENT_TOKEN", "");
        Client c = new Client(args[0], token);
        byte[] packet = Files.readAllBytes(Path.of(args[1]));

        // Every error has one shape: a code, and the message in English and Vietnamese.
        HttpResponse<String> r = new Client(args[0], "not-the-token").post("/v1/validate", packet, "application/json");
        System.out.println("wrong token: " + r.statusCode() + " " + member(r.body(), "code"));

        r = c.post("/v1/validate", packet, "application/json");
        expect(r, 200);
        System.out.println("validate: valid=" + member(r.body(), "valid") + " records=" + member(r.body(), "records"));

        r = c.post("/v1/sign", packet, "application/json");
        expect(r, 200);
        byte[] signed = r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.out.println("sign: " + (r.body().contains("\"ChuKySo\"") ? "signed" : "NOT signed"));

        r = c.post("/v1/verify", signed, "application/json");
        expect(r, 200);
        System.out.println("verify: verified=" + member(r.body(), "verified") + " agency=" + member(r.body(), "agency"));

        // The records are cut into packets, signed by the agent and sent: a job.
        r = c.post("/v1/send", packet, "application/json");
        expect(r, 202);
        String job = r.headers().firstValue("Location").orElseThrow();
        String state = member(r.body(), "state");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (state.equals("running")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + job + " still running");
            }
            Thread.sleep(100);
            r = c.get(job);
            expect(r, 200);
            state = member(r.body(), "state");
        }
        System.out.println("send: " + state + " accepted=" + member(r.body(), "accepted") + " refused=" + member(r.body(), "refused"));
        if (!state.equals("done")) {
            System.out.println(r.body());
            System.exit(1);
        }
    }

    HttpResponse<String> post(String path, byte[] body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return send(b);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        if (!token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // expect stops on an answer other than the one wanted, printing the
    // agent's error: its code, and its messages in both languages.
    static void expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            System.err.println(r.request().uri() + ": " + r.statusCode() + " " + member(r.body(), "code"));
            System.err.println("  " + member(r.body(), "message"));
            System.err.println("  " + member(r.body(), "messageVI"));
            System.exit(1);
        }
    }

    // member returns the first value of a JSON member named name: a string,
    // a number or a Boolean; empty when there is none.
    static String member(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[-0-9.eE+]+|true|false)").matcher(json);
        if (!m.find()) {
            return "";
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }
}
