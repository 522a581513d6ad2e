// Sign in with a code texted to your phone: the page asks for a number, then for the code; a number never seen
// before signs up on the way. Only this server talks to Stytch, with the project's secret.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { createStytchClient } from "@sms-otp/client";

const PAGE = readFileSync(new URL("./page.html", import.meta.url));

export function createApp(stytch) {
  return createServer(async (request, response) => {
    const reply = (status, body) => {
      response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    };
    const route = `${request.method} ${request.url}`;
    try {
      if (route === "GET /") {
        response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(PAGE);
      } else if (route === "POST /login/start") {
        const body = await readJson(request);
        if (!body) return reply(400, { error: "bad_request" });
        // loginOrCreate, not send: send answers 404 phone_number_not_found for a number without a User.
        const { data, error } = await stytch.otps.sms.loginOrCreate({ phone_number: body.phone_number });
        if (error) reply(error.status_code, { error: error.error_type });
        else reply(200, { method_id: data.phone_id });
      } else if (route === "POST /login/verify") {
        const body = await readJson(request);
        if (!body) return reply(400, { error: "bad_request" });
        const { method_id, code } = body;
        const { data, error } = await stytch.otps.authenticate({ method_id, code, session_duration_minutes: 60 });
        if (error) return reply(error.status_code, { error: error.error_type });
        response.setHeader("Set-Cookie", `session=${data.session_token}; HttpOnly; Secure; SameSite=Lax; Path=/`);
        reply(200, { user_id: data.user_id });
      } else {
        reply(404, { error: "not_found" });
      }
    } catch {
      reply(502, { error: "try_again" }); // no usable answer from Stytch: a StytchRequestError (see the client's README)
    }
  });
}

/** The request's JSON object, or undefined when the body is not one (or is over 10 kB). */
async function readJson(request) {
  let text = "";
  for await (const chunk of request) {
    text += chunk;
    if (text.length > 10_000) return undefined;
  }
  try {
    const body = JSON.parse(text);
    return typeof body === "object" && body !== null ? body : undefined;
  } catch {
    return undefined;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const stytch = createStytchClient({
    projectId: process.env.STYTCH_PROJECT_ID,
    secret: process.env.STYTCH_SECRET,
    baseUrl: process.env.STYTCH_BASE_URL, // unset: Stytch itself; the mock's URL in development
  });
  const port = Number(process.env.PORT ?? 3000);
  createApp(stytch).listen(port, "127.0.0.1", () => console.log(`http://127.0.0.1:${port}`));
}
