// The app on a free port, talking to the mock instead of Stytch.
import { once } from "node:events";
import { createStytchClient } from "@sms-otp/client";
import { startMock } from "@sms-otp/mock";
import { createApp } from "../server.js";

export async function startAppAndMock() {
  const mock = await startMock();
  const stytch = createStytchClient({
    projectId: "project-test-00000000-0000-0000-0000-000000000000",
    secret: "secret-test-anything", // the mock checks that credentials are sent, never which
    baseUrl: mock.url,
  });
  const server = createApp(stytch).listen(0, "127.0.0.1");
  await once(server, "listening");
  const stop = async () => {
    server.close();
    await mock.stop();
  };
  return { url: `http://127.0.0.1:${server.address().port}`, mock, stop };
}
