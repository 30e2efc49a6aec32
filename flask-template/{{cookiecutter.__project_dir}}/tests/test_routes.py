def test_index_says_hello_world_in_plain_text(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.text == "Hello, World!"
    assert response.mimetype == "text/plain"


def test_unknown_path_is_a_json_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.json == {"error": "Not Found", "status": 404}
