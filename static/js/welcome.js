// A phone that lost its cookie but kept its token (localStorage) gets back in without rejoining.
const data = JSON.parse(document.getElementById("page-data").textContent);
const tokenKey = `koosloome:token:${data.workshop_id}`;
const triedKey = `koosloome:resume-tried:${data.workshop_id}`;
const form = document.getElementById("welcome-form");

function resume() {
  const token = localStorage.getItem(tokenKey);
  if (!token || document.getElementById("welcome-error")) return;
  if (sessionStorage.getItem(triedKey) === token) {
    // We came back here after trying: the server does not know this token any more.
    localStorage.removeItem(tokenKey);
    sessionStorage.removeItem(triedKey);
    return;
  }
  sessionStorage.setItem(triedKey, token);
  const post = document.createElement("form");
  post.method = "post";
  post.action = data.resume_url;
  post.hidden = true;
  [["token", token], ["csrf_token", form.elements.csrf_token.value]].forEach(([name, value]) => {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    post.append(input);
  });
  document.body.append(post);
  post.submit();
}

try {
  resume();
} catch {
  // No storage (private mode): joining again is the way back in.
}
