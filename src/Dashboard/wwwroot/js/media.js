// The only hand-written JavaScript of the dashboard: browser APIs with no .NET binding (blob URLs for downloads,
// media devices and WebRTC for live sessions). The .NET side drives it; signaling goes through the OmniBiz hub.
window.omnibiz = (() => {
    const peers = new Map();   // participantId -> RTCPeerConnection
    let local = null;          // MediaStream from the camera and microphone
    let dotnet = null;         // DotNetObjectReference of the session page
    let iceServers = [];

    function blobUrl(bytes, contentType) {
        return URL.createObjectURL(new Blob([bytes], { type: contentType }));
    }

    async function startMedia(videoId, wantVideo, wantAudio) {
        local = await navigator.mediaDevices.getUserMedia({ video: wantVideo, audio: wantAudio });
        const video = document.getElementById(videoId);
        if (video) { video.srcObject = local; video.muted = true; await video.play().catch(() => {}); }
        return true;
    }

    function configure(reference, servers) {
        dotnet = reference;
        iceServers = (servers || []).map(s => ({ urls: s.urls, username: s.username || undefined, credential: s.credential || undefined }));
    }

    function peer(id) {
        let pc = peers.get(id);
        if (pc) return pc;
        pc = new RTCPeerConnection({ iceServers });
        peers.set(id, pc);
        if (local) local.getTracks().forEach(t => pc.addTrack(t, local));
        pc.onicecandidate = e => { if (e.candidate) dotnet.invokeMethodAsync('SendSignal', id, JSON.stringify({ type: 'candidate', candidate: e.candidate.toJSON() })); };
        pc.ontrack = e => {
            const video = document.getElementById('remote-' + id);
            if (video && video.srcObject !== e.streams[0]) { video.srcObject = e.streams[0]; video.play().catch(() => {}); }
        };
        pc.onconnectionstatechange = () => dotnet.invokeMethodAsync('PeerState', id, pc.connectionState);
        return pc;
    }

    // The newer participant calls everyone already there; the others answer.
    async function call(id) {
        const pc = peer(id);
        const offer = await pc.createOffer();
        await pc.setLocalDescription(offer);
        await dotnet.invokeMethodAsync('SendSignal', id, JSON.stringify({ type: 'offer', sdp: offer.sdp }));
    }

    async function signal(from, json) {
        const s = JSON.parse(json);
        const pc = peer(from);
        if (s.type === 'offer') {
            await pc.setRemoteDescription({ type: 'offer', sdp: s.sdp });
            const answer = await pc.createAnswer();
            await pc.setLocalDescription(answer);
            await dotnet.invokeMethodAsync('SendSignal', from, JSON.stringify({ type: 'answer', sdp: answer.sdp }));
        } else if (s.type === 'answer') {
            await pc.setRemoteDescription({ type: 'answer', sdp: s.sdp });
        } else if (s.type === 'candidate' && s.candidate) {
            await pc.addIceCandidate(s.candidate).catch(() => {});
        }
    }

    function attach(id) {
        const pc = peers.get(id);
        const video = document.getElementById('remote-' + id);
        if (!pc || !video) return;
        const receivers = pc.getReceivers().filter(r => r.track);
        if (receivers.length && !video.srcObject) {
            video.srcObject = new MediaStream(receivers.map(r => r.track));
            video.play().catch(() => {});
        }
    }

    // The local preview element may render after the camera started.
    function showLocal(videoId) {
        const video = document.getElementById(videoId);
        if (video && local && video.srcObject !== local) { video.srcObject = local; video.muted = true; video.play().catch(() => {}); }
    }

    function hangUp(id) {
        const pc = peers.get(id);
        if (pc) { pc.close(); peers.delete(id); }
    }

    function mute(kind, muted) {
        if (!local) return;
        (kind === 'audio' ? local.getAudioTracks() : local.getVideoTracks()).forEach(t => t.enabled = !muted);
    }

    function leave() {
        peers.forEach(pc => pc.close());
        peers.clear();
        if (local) { local.getTracks().forEach(t => t.stop()); local = null; }
    }

    // For tests and the page: whether a remote video is showing frames.
    function remoteFrames(id) {
        const video = document.getElementById('remote-' + id);
        if (!video) return 0;
        const q = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : null;
        return q ? q.totalVideoFrames : (video.videoWidth > 0 ? 1 : 0);
    }

    return { blobUrl, startMedia, showLocal, configure, call, signal, attach, hangUp, mute, leave, remoteFrames };
})();
