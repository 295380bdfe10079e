from django.core.management.base import BaseCommand

from tweetcamp import demo


class Command(BaseCommand):
    help = "Load (or refresh) the demo camp and print its logins."

    def handle(self, *args: object, **options: object) -> None:
        logins = demo.load()
        self.stdout.write(self.style.SUCCESS("Demo camp loaded. Sign in with:"))
        for login in logins:
            self.stdout.write(f"  {login.role:<9} {login.email:<24} password: {login.password}")
