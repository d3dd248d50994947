// The Mini App: a facilitator groups a pinboard's notes with their full texts, by dragging a
// note's handle onto a group (pointer events: HTML5 drag and drop does not fire on touch in
// Android's WebView) or by tapping notes and choosing below where they go; and steers the
// round from the Moderationspult on top (the chat panel's moves: a button each, or a picker
// where a move needs a choice; without an open round, a new round set up in one form). Every
// text from people goes in with textContent; every move carries a request id, so a retry acts
// once.
(function () {
  "use strict";
  var main = document.getElementById("app");
  var bar = document.getElementById("bar");
  var countLabel = document.getElementById("count");
  var target = document.getElementById("target");
  var nameInput = document.getElementById("name");
  var moveButton = document.getElementById("move");
  var telegram = window.Telegram && window.Telegram.WebApp;
  var store = window.sessionStorage;
  var state = {
    token: store.getItem("werkstatt-app-token"),
    texts: JSON.parse(store.getItem("werkstatt-app-texts") || "{}"),
    session: null, board: null, selected: [], question: null, start: null,
    steers: false, title: ""
  };

  // The session a live message's link names: Telegram's start_param ("s<id>"), or
  // ?startapp=s<id> in this page's address when the private chat's button opened it.
  function startParam() {
    var unsafe = telegram && telegram.initDataUnsafe;
    return (unsafe && unsafe.start_param) ||
      new URLSearchParams(window.location.search).get("startapp") || "";
  }

  // A text in the person's language; a number fills {count}, an object its named places.
  function t(key, count) {
    var text = state.texts[key] || key;
    if (count === undefined) { return text; }
    var places = typeof count === "object" ? count : {count: count};
    Object.keys(places).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(places[name]));
    });
    return text;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function requestId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function say(text) {
    main.replaceChildren(element("p", "message", text));
  }

  function api(method, path, body) {
    return fetch(path, {
      method: method,
      headers: {"content-type": "application/json", "authorization": "Bearer " + state.token},
      body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      return response.json().then(function (data) { return {status: response.status, data: data}; });
    });
  }

  function start() {
    if (telegram) { telegram.ready(); if (telegram.expand) { telegram.expand(); } }
    if (state.token) {
      var match = /^s(\d+)$/.exec(startParam());
      state.start = match ? Number(match[1]) : null;
      loadSessions();
      return;
    }
    fetch("/app/session", {
      method: "POST", headers: {"content-type": "application/json"},
      body: JSON.stringify({initData: telegram ? telegram.initData : "", start: startParam()})
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      state.token = data.token;
      state.texts = data.texts;
      state.start = data.start || null;
      store.setItem("werkstatt-app-token", data.token);
      store.setItem("werkstatt-app-texts", JSON.stringify(data.texts));
      loadSessions();
    }).catch(function () { say(t("app.open_in_telegram")); });
  }

  function loadSessions() {
    api("GET", "/app/api/sessions").then(function (result) {
      if (result.status === 401) {
        store.removeItem("werkstatt-app-token");
        state.token = null;
        say(t("app.open_in_telegram"));
        return;
      }
      if (result.status !== 200) { say(result.data.error || t("app.failed")); return; }
      if (state.start) { var start = state.start; state.start = null; openSession(start); return; }
      var sessions = result.data.sessions || [];
      if (sessions.length === 1) { openSession(sessions[0].id); return; }
      if (!sessions.length) { say(t("app.no_sessions")); return; }
      var list = element("ul", "sessions");
      sessions.forEach(function (session) {
        var button = element("button", "session", session.title);
        button.type = "button";
        button.addEventListener("click", function () { openSession(session.id); });
        var item = element("li");
        item.appendChild(button);
        list.appendChild(item);
      });
      main.replaceChildren(element("h1", "", t("app.choose_session")), list);
    });
  }

  function openSession(id) {
    state.session = id;
    api("GET", "/app/api/sessions/" + id + "/round").then(function (result) {
      if (result.status !== 200) { say(result.data.error || t("app.failed")); return; }
      state.steers = Boolean(result.data.steers);
      state.title = result.data.session;
      if (result.data.round.grouping) {
        api("GET", "/app/api/sessions/" + id + "/board").then(show);
        return;
      }
      showRound(result);
    });
  }

  // --- taking part ----------------------------------------------------------------------

  // A move of the session's (``path``: take-part, move, panel) with a fresh request id;
  // ``answered`` gets a 200's answer, anything else is said in an alert (and ``refused`` runs).
  function post(path, body, answered, refused) {
    body.request = requestId();
    main.classList.add("busy");
    api("POST", "/app/api/sessions/" + state.session + "/" + path, body).then(function (result) {
      main.classList.remove("busy");
      if (result.status === 200) { answered(result); return; }
      window.alert(result.data.error || t("app.failed"));
      if (refused) { refused(); }
    }, function () {
      main.classList.remove("busy");
      window.alert(t("app.failed"));
    });
  }

  function takePart(body, done) {
    post("take-part", body, function (result) { showRound(result, done); });
  }

  function button(label, className, onClick) {
    var node = element("button", className, label);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  // A text box for people's words (any script: dir=auto), its label as placeholder.
  function textBox(className, maxLength, rows, label) {
    var box = element("textarea", className);
    box.maxLength = maxLength;
    box.rows = rows;
    box.dir = "auto";
    box.placeholder = label;
    box.setAttribute("aria-label", label);
    return box;
  }

  function showRound(result, done) {
    var round = result.data.round;
    var nodes = [element("h1", "", result.data.session)];
    state.view = round.kind === "questions" && round.questions ? "questions" : "round";
    if (done) { nodes.push(element("p", "message done", done)); }
    bar.hidden = true;
    if (round.kind === "pinboard" && round.questions) {
      nodes.push(element("p", "board-title", round.title));
      var choice = element("select", "question-choice");
      choice.setAttribute("aria-label", t("app.question"));
      round.questions.forEach(function (question) {
        var option = element("option", "", question.number + ". " + question.text);
        option.value = String(question.number);
        choice.appendChild(option);
      });
      var text = textBox("note-text", 1000, 4, t("app.note"));
      nodes.push(choice, text, button(t("app.send_note"), "send-note", function () {
        if (!text.value.trim()) { text.focus(); return; }
        takePart({kind: "note", question: Number(choice.value), text: text.value},
                 t("app.noted"));
      }));
    } else if (round.kind === "pinboard" && round.vote) {
      nodes.push(element("p", "dots-left", t("app.dots_left", round.dots_left)));
      round.vote.forEach(function (question) {
        var heading = element("h2", "", question.number + ". " + question.text);
        heading.dir = "auto";
        nodes.push(heading);
        question.options.forEach(function (option) {
          var box = element("section", "zone option" + (option.name ? " group" : ""));
          if (option.name) {
            var name = element("h3", "", option.name);
            name.dir = "auto";
            box.appendChild(name);
          }
          var notes = element("ul", "cards");
          option.notes.forEach(function (note) {
            var item = element("li", "card");
            var words = element("span", "text", note);
            words.dir = "auto";
            item.appendChild(words);
            notes.appendChild(item);
          });
          box.appendChild(notes);
          var row = element("div", "dot-row");
          if (option.mine) {
            row.appendChild(element("span", "mine", t("app.your_dots", option.mine)));
            row.appendChild(button(t("app.remove_dot"), "undot secondary", function () {
              takePart({kind: "undot", option: option.key});
            }));
          }
          row.appendChild(button(t("app.add_dot"), "dot", function () {
            takePart({kind: "dot", option: option.key});
          }));
          box.appendChild(row);
          nodes.push(box);
        });
      });
    } else if (round.kind === "council" && round.rate && round.rate.length) {
      nodes.push(element("p", "board-title", round.question));
      nodes.push(element("p", "", t("app.rate_intro")));
      round.rate.forEach(function (item) {
        var box = element("section", "zone restatement");
        box.dataset.interest = String(item.interest);
        var interest = element("h2", "", item.interest + ". " + item.text);
        interest.dir = "auto";
        var words = element("p", "text", item.restatement);
        words.dir = "auto";
        var rated = element("p", "rating", item.rating ? t("council.rating_" + item.rating)
                                                       : t("council.live_not_rated"));
        var correction = textBox("correction", 1000, 2, t("app.correction"));
        correction.value = item.correction || "";
        var row = element("div", "dot-row");
        ["understood", "partly", "not_understood"].forEach(function (rating) {
          row.appendChild(button(t("council.rating_" + rating), "rate " + rating, function () {
            takePart({kind: "rate", interest: item.interest, rating: rating,
                      correction: rating === "understood" ? "" : correction.value},
                     t("app.rated"));
          }));
        });
        box.append(interest, words, rated, correction, row);
        nodes.push(box);
      });
    } else if (round.kind === "fishbowl" && round.topic) {
      nodes.push(element("p", "board-title", round.topic));
      if (round.seated) {
        nodes.push(element("p", "message", t("app.seated")));
      } else if (round.position) {
        nodes.push(element("p", "message", t("app.queue_position", round.position)));
        nodes.push(button(t("app.queue_leave"), "leave secondary", function () {
          takePart({kind: "leave"});
        }));
      } else {
        nodes.push(button(t("app.queue_join"), "queue", function () {
          takePart({kind: "queue"});
        }));
      }
    } else if (state.view === "questions") {
      showFloor(round, nodes);
      listen(state.session);
    } else {
      nodes.push(element("p", "message", t("app.nothing_now")));
    }
    nodes.push(button(t("app.reload"), "reload", function () { openSession(state.session); }));
    main.replaceChildren.apply(main, nodes);
    moderation();
  }

  // --- the Moderationspult --------------------------------------------------------------

  function moderation() {
    if (!state.steers) { return; }
    var session = state.session;
    api("GET", "/app/api/sessions/" + session + "/panel").then(function (result) {
      if (result.status === 200 && session === state.session && result.data.panel) {
        drawPanel(result.data.panel);
      }
    });
  }

  function steer(body) {
    post("panel", body, function (result) {
      if (!result.data.ended) { openSession(state.session); return; }
      state.session = null;
      say(t("documentation.session_ended").replace("{title}", state.title));
    }, function () { openSession(state.session); });  // what is offered now
  }

  function picker(offer, round) {
    var box = element("div", "picker");
    box.dataset.code = offer.code;
    var choice = element("select");
    choice.setAttribute("aria-label", offer.label);
    offer.taps.forEach(function (tap, index) {
      var option = element("option", "", tap.label);
      option.value = String(index);
      choice.appendChild(option);
    });
    box.append(element("span", "picker-label", offer.label), choice,
               button(t("app.panel_go"), "panel-go", function () {
                 var tap = offer.taps[Number(choice.value)];
                 steer({kind: "move", round: round.id, code: offer.code, args: tap.args});
               }));
    return box;
  }

  function confirmEnd(end) {
    var ask = element("div", "end-confirm");
    ask.append(element("p", "", t("panel.end_confirm").replace("{session}", state.title)),
               button(t("panel.end_yes"), "end-yes", function () {
                 steer({kind: "end", confirmed: true});
               }),
               button(t("panel.end_no"), "end-no secondary", function () {
                 ask.replaceWith(end);
               }));
    end.replaceWith(ask);
  }

  function drawPanel(panel) {
    var box = element("details", "moderation");
    box.id = "moderation";
    box.open = true;
    box.appendChild(element("summary", "", t("app.moderation")));
    if (!panel.round) {
      var formats = panel.open || [];
      box.appendChild(element("p", "message",
                              t(formats.length ? "panel.no_round" : "app.panel_no_round")));
      if (formats.length) { box.appendChild(newRounds(formats)); }
    } else {
      panel.round.lines.forEach(function (line) {
        var node = element("p", "round-line", line);
        node.dir = "auto";
        box.appendChild(node);
      });
      var moves = element("div", "moves");
      panel.moves.forEach(function (offer) {
        if (offer.label) { moves.appendChild(picker(offer, panel.round)); return; }
        offer.taps.forEach(function (tap) {
          var move = button(tap.label, "panel-move", function () {
            steer({kind: "move", round: panel.round.id, code: offer.code, args: tap.args});
          });
          move.dataset.code = offer.code;
          moves.appendChild(move);
        });
      });
      box.appendChild(moves);
    }
    if (panel.end) {
      var end = button(t("panel.end_session"), "end-session secondary", function () {
        confirmEnd(end);
      });
      box.appendChild(end);
    }
    var old = document.getElementById("moderation");
    if (old) { old.replaceWith(box); } else { main.insertBefore(box, main.children[1] || null); }
  }

  // A new round, as the chat's panel sets it up: the format (a button each), then one form
  // asking what the chat asks one after the other (the title, the lines, the yes or no, the
  // duration). The form keeps its request id, so sending it again opens one round; a refusal
  // is shown in the form, which stays as it was.
  function newRounds(formats) {
    var box = element("div", "new-rounds");
    formats.forEach(function (setup) {
      var choose = button(setup.label, "new-round", function () {
        box.replaceWith(setupForm(setup, formats));
      });
      choose.dataset.kind = setup.kind;
      box.appendChild(choose);
    });
    return box;
  }

  function field(label, input) {
    var box = element("label", "setup-field");
    box.append(element("span", "setup-label", label), input);
    return box;
  }

  function setupForm(setup, formats) {
    var form = element("form", "setup");
    form.dataset.kind = setup.kind;
    form.noValidate = true;
    var request = requestId();
    var problem = element("p", "setup-error");
    problem.hidden = true;
    problem.setAttribute("role", "alert");
    var title = textBox("setup-title", 1000, setup.kind === "closing" ? 3 : 2, setup.title);
    form.append(element("h3", "", setup.heading), field(setup.title, title));
    if (setup.default) {
      form.appendChild(button(setup.default.label, "setup-default secondary", function () {
        title.value = setup.default.text;
      }));
    }
    var lines = null;
    if (setup.lines) {
      lines = textBox("setup-lines", 4000, 4, setup.lines);
      form.appendChild(field(setup.lines, lines));
    }
    var answers = [];
    if (setup.choice) {
      var choice = element("fieldset", "setup-choice");
      choice.appendChild(element("legend", "", setup.choice.question));
      [["yes", true], ["no", false]].forEach(function (answer) {
        var radio = element("input");
        radio.type = "radio";
        radio.name = "choice-" + setup.kind;
        radio.value = answer[0];
        answers.push(radio);
        var label = element("label", "setup-answer");
        label.append(radio, " " + setup.choice[answer[0]]);
        choice.appendChild(label);
      });
      form.appendChild(choice);
    }
    var duration = element("select", "setup-duration");
    setup.durations.forEach(function (offered) {
      var option = element("option", "", offered.label);
      option.value = String(offered.minutes);
      duration.appendChild(option);
    });
    form.appendChild(field(setup.duration, duration));
    var row = element("div", "dot-row");
    var go = element("button", "setup-open", t("app.panel_open"));
    go.type = "submit";
    row.append(go, button(t("panel.cancel_setup"), "setup-cancel secondary", function () {
      form.replaceWith(newRounds(formats));
    }));
    form.append(problem, row);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!title.value.trim()) { title.focus(); return; }
      if (answers.length && !answers.some(function (a) { return a.checked; })) {
        answers[0].focus();
        return;
      }
      var body = {kind: "open", format: setup.kind, title: title.value,
                  lines: lines ? lines.value : "", minutes: Number(duration.value),
                  choice: answers.length ? answers[0].checked : false, request: request};
      go.disabled = true;
      main.classList.add("busy");
      api("POST", "/app/api/sessions/" + state.session + "/panel", body).then(function (result) {
        main.classList.remove("busy");
        go.disabled = false;
        if (result.status === 200) { openSession(state.session); return; }
        problem.textContent = t("panel.try_again", {error: result.data.error || t("app.failed")});
        problem.hidden = false;
      }, function () {  // not answered: sent again with the same id, it opens one round
        main.classList.remove("busy");
        go.disabled = false;
        problem.textContent = t("panel.try_again", {error: t("app.failed")});
        problem.hidden = false;
      });
    });
    return form;
  }

  // Questions from the floor: a question to ask (anonymously where allowed), then every
  // question ranked by votes with a vote button that knows the person's own vote.
  function showFloor(round, nodes) {
    nodes.push(element("p", "board-title", round.title));
    var text = textBox("question-text", 500, 3, t("questions_web.ask_label"));
    nodes.push(text);
    var anonymous = null;
    if (round.anonymity) {
      var label = element("label", "anonymous");
      anonymous = element("input");
      anonymous.type = "checkbox";
      label.append(anonymous, " " + t("questions_web.anonymous"));
      nodes.push(label);
    }
    nodes.push(button(t("questions_web.ask_button"), "send-question", function () {
      if (!text.value.trim()) { text.focus(); return; }
      var hidden = Boolean(anonymous && anonymous.checked);
      takePart({kind: "ask", text: text.value, anonymous: hidden},
               t(hidden ? "questions_web.asked_anonymous" : "questions_web.asked"));
    }));
    nodes.push(element("p", "hint floor-count", round.count + " · " + t("questions.list_hint")));
    nodes.push(floorList(round));
  }

  function floorList(round) {
    var list = element("ol", "asked");
    if (!round.questions.length) { list.appendChild(element("li", "message", t("questions.live_empty"))); }
    round.questions.forEach(function (question) {
      var item = element("li", "zone asked-question" + (question.answered ? " answered" : ""));
      item.dataset.number = String(question.number);
      var words = element("p", "text", question.number + ". " + question.text);
      words.dir = "auto";
      var who = element("p", "author", "– " + question.author);
      who.dir = "auto";
      var facts = [question.votes_label];
      if (question.answered) { facts.push(t("questions.answered_mark")); }
      if (question.merged) { facts.push(question.merged); }
      var row = element("div", "dot-row");
      row.appendChild(element("span", "votes", facts.join(" · ")));
      if (question.mine) {
        row.appendChild(element("span", "mine", t("questions_web.yours")));
      } else {
        var key = question.voted ? "questions.button_unvote" : "questions.button_vote";
        row.appendChild(button(t(key, {number: question.number}),
                               question.voted ? "upvote voted secondary" : "upvote", function () {
          takePart({kind: "upvote", number: question.number, vote: !question.voted});
        }));
      }
      item.append(words, who, row);
      list.appendChild(item);
    });
    return list;
  }

  // While questions are shown, the session's event stream says when anything changed (read
  // with fetch: an EventSource cannot send the token); the list is read again and replaced,
  // leaving the question being typed alone.
  var listening = null;
  var refreshing = false;
  var pending = false;

  function listen(id) {
    if (listening === id || !window.TextDecoder) { return; }
    listening = id;
    fetch("/app/api/sessions/" + id + "/events", {
      headers: {"authorization": "Bearer " + state.token, "accept": "text/event-stream"}
    }).then(function (response) {
      if (!response.ok || !response.body) { throw new Error(String(response.status)); }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffered = "";
      function read() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { throw new Error("ended"); }
          buffered += decoder.decode(chunk.value, {stream: true});
          var events = buffered.split(/\r?\n\r?\n/);
          buffered = events.pop();
          if (events.some(function (e) { return /^event: change\r?$/m.test(e); })) { refresh(id); }
          return read();
        });
      }
      return read();
    }).catch(function () { if (listening === id) { listening = null; } });
  }

  function refresh(id) {
    if (state.session !== id || state.view !== "questions") { return; }
    if (refreshing) { pending = true; return; }
    refreshing = true;
    window.setTimeout(function () {
      api("GET", "/app/api/sessions/" + id + "/round").then(function (result) {
        refreshing = false;
        if (pending) { pending = false; refresh(id); }
        if (result.status !== 200 || state.session !== id || state.view !== "questions" ||
            main.classList.contains("busy")) { return; }
        var round = result.data.round;
        if (round.kind !== "questions" || !round.questions) { showRound(result); return; }
        var list = main.querySelector("ol.asked");
        var count = main.querySelector(".floor-count");
        if (list) { list.replaceWith(floorList(round)); }
        if (count) { count.textContent = round.count + " · " + t("questions.list_hint"); }
      }, function () { refreshing = false; pending = false; });
    }, 200);
  }

  function show(result) {
    if (result.status !== 200) { say(result.data.error || t("app.failed")); return; }
    state.board = result.data.board;
    state.selected = [];
    state.question = null;
    render(result.data.session);
  }

  function move(body) {
    post("move", body, show);
  }

  // --- drawing ------------------------------------------------------------------------

  function card(note, question, group) {
    var item = element("li", "card");
    item.dataset.note = String(note.number);
    item.dataset.question = String(question.number);
    if (state.selected.indexOf(note.number) >= 0) { item.classList.add("selected"); }
    var handle = element("span", "handle", "⠿");
    handle.setAttribute("aria-hidden", "true");
    item.appendChild(handle);
    var text = element("span", "text", note.text);
    text.dir = "auto";
    item.appendChild(text);
    item.addEventListener("click", function (event) {
      if (event.target === handle) { return; }
      toggle(note.number, question.number);
    });
    handle.addEventListener("pointerdown", function (event) { drag(event, item, note, group); });
    return item;
  }

  function zone(className, question, label, group) {
    var box = element("section", "zone " + className);
    box.dataset.question = String(question.number);
    box.dataset.drop = className;
    if (group) { box.dataset.group = group.name; box.dataset.cluster = String(group.number); }
    var heading = element("h3", "", label);
    heading.dir = "auto";
    box.appendChild(heading);
    return box;
  }

  function render(title) {
    var nodes = [element("h1", "", title)];
    state.view = "board";
    var board = state.board;
    if (!board) { nodes.push(element("p", "message", t("app.not_clustering"))); }
    else if (!board.grouping) {
      nodes.push(element("p", "board-title", board.title));
      nodes.push(element("p", "message", t("app.not_clustering")));
    } else {
      nodes.push(element("p", "hint", t("app.drag_hint")));
      board.questions.forEach(function (question) {
        var part = element("article", "question");
        var heading = element("h2", "", question.number + ". " + question.text);
        heading.dir = "auto";
        part.appendChild(heading);
        if (question.suggestions.length) {
          var ideas = element("div", "suggestions");
          ideas.appendChild(element("h3", "", t("app.suggestions")));
          question.suggestions.forEach(function (idea) {
            var accept = element("button", "suggestion",
                                 "✓ " + idea.name + " (" + idea.notes.length + ")");
            accept.type = "button";
            accept.dir = "auto";
            accept.addEventListener("click", function () {
              move({kind: "accept", notes: idea.notes, name: idea.name});
            });
            ideas.appendChild(accept);
          });
          part.appendChild(ideas);
        }
        question.groups.forEach(function (group) {
          var box = zone("group", question, group.name, group);
          var dissolve = element("button", "dissolve", t("app.dissolve"));
          dissolve.type = "button";
          dissolve.addEventListener("click", function () {
            move({kind: "dissolve", cluster: group.number});
          });
          box.appendChild(dissolve);
          var cards = element("ul", "cards");
          group.notes.forEach(function (note) { cards.appendChild(card(note, question, group)); });
          box.appendChild(cards);
          part.appendChild(box);
        });
        part.appendChild(zone("new", question, "+ " + t("app.new_group")));
        var loose = zone("loose", question, t("app.ungrouped"));
        var cards = element("ul", "cards");
        question.loose.forEach(function (note) { cards.appendChild(card(note, question, null)); });
        loose.appendChild(cards);
        part.appendChild(loose);
        nodes.push(part);
      });
    }
    var reload = element("button", "reload", t("app.reload"));
    reload.type = "button";
    reload.addEventListener("click", function () { openSession(state.session); });
    nodes.push(reload);
    main.replaceChildren.apply(main, nodes);
    updateBar();
    moderation();
  }

  // --- tap and move -------------------------------------------------------------------

  function toggle(number, question) {
    if (state.question !== null && state.question !== question) { state.selected = []; }
    state.question = question;
    var at = state.selected.indexOf(number);
    if (at >= 0) { state.selected.splice(at, 1); } else { state.selected.push(number); }
    if (!state.selected.length) { state.question = null; }
    main.querySelectorAll(".card").forEach(function (item) {
      item.classList.toggle("selected", state.selected.indexOf(Number(item.dataset.note)) >= 0);
    });
    updateBar();
  }

  function questionOf(number) {
    return state.board.questions.filter(function (q) { return q.number === number; })[0];
  }

  function updateBar() {
    if (!state.selected.length) { bar.hidden = true; document.body.classList.remove("choosing"); return; }
    bar.hidden = false;
    document.body.classList.add("choosing");
    countLabel.textContent = t("app.selected", state.selected.length);
    target.setAttribute("aria-label", t("app.move_to"));
    var options = [];
    questionOf(state.question).groups.forEach(function (group) {
      var option = element("option", "", group.name);
      option.value = "group:" + group.name;
      options.push(option);
    });
    var fresh = element("option", "", "+ " + t("app.new_group"));
    fresh.value = "new";
    options.push(fresh);
    var out = element("option", "", t("app.out_of_group"));
    out.value = "out";
    options.push(out);
    target.replaceChildren.apply(target, options);
    nameInput.placeholder = t("app.new_group_name");
    nameInput.setAttribute("aria-label", t("app.new_group_name"));
    nameInput.hidden = target.value !== "new";
    moveButton.textContent = t("app.move");
  }

  target.addEventListener("change", function () {
    nameInput.hidden = target.value !== "new";
    if (!nameInput.hidden) { nameInput.focus(); }
  });

  moveButton.addEventListener("click", function () {
    var notes = state.selected.slice();
    if (target.value === "out") {
      notes.forEach(function (number) { move({kind: "out", note: number}); });
      return;
    }
    var name = target.value === "new" ? nameInput.value.trim() : target.value.slice(6);
    if (!name) { nameInput.hidden = false; nameInput.focus(); return; }
    nameInput.value = "";
    move({kind: "group", notes: notes, name: name});
  });

  // --- dragging -----------------------------------------------------------------------

  function drag(event, item, note, group) {
    event.preventDefault();
    var handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    var ghost = item.cloneNode(true);
    ghost.classList.add("ghost");
    ghost.style.width = item.getBoundingClientRect().width + "px";
    document.body.appendChild(ghost);
    var over = null;

    function place(x, y) {
      ghost.style.left = x + 8 + "px";
      ghost.style.top = y + 8 + "px";
      var found = document.elementFromPoint(x, y);
      var next = found ? found.closest("[data-drop]") : null;
      if (next && next.dataset.question !== item.dataset.question) { next = null; }
      if (over && over !== next) { over.classList.remove("over"); }
      if (next) { next.classList.add("over"); }
      over = next;
    }

    function moved(e) { place(e.clientX, e.clientY); }

    function dropped() {
      handle.removeEventListener("pointermove", moved);
      handle.removeEventListener("pointerup", dropped);
      handle.removeEventListener("pointercancel", cancelled);
      ghost.remove();
      if (!over) { return; }
      over.classList.remove("over");
      var kind = over.dataset.drop;
      if (kind === "group" && (!group || group.name !== over.dataset.group)) {
        move({kind: "group", notes: [note.number], name: over.dataset.group});
      } else if (kind === "loose" && group) {
        move({kind: "out", note: note.number});
      } else if (kind === "new") {
        state.selected = [];
        toggle(note.number, Number(item.dataset.question));
        target.value = "new";
        nameInput.hidden = false;
        nameInput.focus();
      }
    }

    function cancelled() {
      over = null;
      dropped();
    }

    place(event.clientX, event.clientY);
    handle.addEventListener("pointermove", moved);
    handle.addEventListener("pointerup", dropped);
    handle.addEventListener("pointercancel", cancelled);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && state.session !== null) { openSession(state.session); }
  });
  start();
}());
